using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace KdGan.Benchmarks;

/// <summary>
/// GFLOP/s (flops / mean time), GB/s (bytes read + written / mean time), or GFLOP/s as a fraction of the peak
/// measured by <see cref="PeakFlops"/> earlier in the same process. The work of a case comes from its class's
/// <see cref="IThroughputWorkload"/>; cases whose class does not implement it show "-".
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    public enum Kind { GFlops, GBytes, PeakFraction }

    public static readonly ThroughputColumn GFlopsPerSecond = new(Kind.GFlops);
    public static readonly ThroughputColumn GBytesPerSecond = new(Kind.GBytes);
    public static readonly ThroughputColumn FractionOfPeak = new(Kind.PeakFraction);

    private readonly Kind _kind;

    private ThroughputColumn(Kind kind) => _kind = kind;

    public string Id => nameof(ThroughputColumn) + "." + _kind;
    public string ColumnName => _kind switch
    {
        Kind.GFlops => "GFLOP/s",
        Kind.GBytes => "GB/s",
        _ => "%Peak",
    };
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => (int)_kind;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => _kind switch
    {
        Kind.GFlops => "Throughput: floating-point operations of one call (2*m*n*k for GEMM) / Mean, in 1e9 per second",
        Kind.GBytes => "Bandwidth: minimal bytes read + written by one call / Mean, in 1e9 bytes per second",
        _ => "GFLOP/s / the fp32 FMA peak measured in this run for the same thread count (PeakFlops, Vector256)",
    };

    public bool IsAvailable(Summary summary) =>
        summary.BenchmarksCases.Any(c => Work(c) is { } w && (_kind == Kind.GBytes ? w.Bytes > 0 : w.Flops > 0));

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null || !(stats.Mean > 0) || Work(benchmarkCase) is not { } work) return "-";
        double seconds = stats.Mean * 1e-9; // BenchmarkDotNet reports nanoseconds per operation
        switch (_kind)
        {
            case Kind.GFlops:
                return work.Flops > 0 ? (work.Flops / seconds / 1e9).ToString("F1", CultureInfo.InvariantCulture) : "-";
            case Kind.GBytes:
                return work.Bytes > 0 ? (work.Bytes / seconds / 1e9).ToString("F1", CultureInfo.InvariantCulture) : "-";
            default:
                if (work.Flops <= 0) return "-";
                int threads = ThreadsOf(benchmarkCase);
                double? peak = PeakFlops.MeasuredGFlops(threads);
                if (peak is not > 0) return "n/a";
                double fraction = work.Flops / seconds / 1e9 / peak.Value;
                return fraction.ToString("P0", CultureInfo.InvariantCulture);
        }
    }

    public override string ToString() => ColumnName;

    private static int ThreadsOf(BenchmarkCase benchmarkCase)
    {
        foreach (var p in benchmarkCase.Parameters.Items)
            if (p.Name == "Threads" && p.Value is int t) return t;
        return Environment.ProcessorCount;
    }

    private static (double Flops, double Bytes)? Work(BenchmarkCase benchmarkCase)
    {
        var type = benchmarkCase.Descriptor.Type;
        if (!typeof(IThroughputWorkload).IsAssignableFrom(type)) return null;
        var instance = (IThroughputWorkload)Activator.CreateInstance(type)!;
        foreach (var p in benchmarkCase.Parameters.Items)
        {
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static;
            if (type.GetProperty(p.Name, flags) is { CanWrite: true } prop) prop.SetValue(instance, p.Value);
            else type.GetField(p.Name, flags)?.SetValue(instance, p.Value);
        }
        string method = benchmarkCase.Descriptor.WorkloadMethod.Name;
        return (instance.Flops(method), instance.Bytes(method));
    }
}
