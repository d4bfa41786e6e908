using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KdGan.Benchmarks;

/// <summary>
/// Measures the fp32 FMA peak of this machine: a tight loop of 12 independent Vector256 FMA chains (enough
/// to hide the FMA latency on two pipes), on 1 thread and on every core (one loop per dedicated thread).
/// The best of several repetitions is kept, as a peak should be. Also prints the nominal figure:
/// clock ("cpu MHz" of /proc/cpuinfo) x 2 FMA units x 8 lanes x 2 flops x cores.
/// </summary>
public static class PeakFlops
{
    /// <summary>Independent accumulator chains in the loop.</summary>
    public const int Chains = 12;
    private const int FlopsPerFma = 2 * 8; // Vector256<float>: 8 lanes, multiply + add
    private const long LoopIterations = 100_000_000; // x 12 FMAs x 16 flops = 19.2 GFLOP per thread per run (~0.17 s)
    private const int Repetitions = 5;

    private static readonly Dictionary<int, double> s_measured = new();

    /// <summary>The peak measured earlier in this process for <paramref name="threads"/> threads, if any.</summary>
    public static double? MeasuredGFlops(int threads)
    {
        lock (s_measured) return s_measured.TryGetValue(threads, out var g) ? g : null;
    }

    /// <summary>Measures and prints the peak on 1 thread and on every core.</summary>
    public static void Run(TextWriter output)
    {
        int cores = Environment.ProcessorCount;
        output.WriteLine("// ---- PeakFlops: fp32 FMA peak (Vector256, {0} independent chains) ----", Chains);
        output.WriteLine("// CPU: {0}, {1} logical cores, FMA: {2}, AVX2: {3}",
            CpuModel() ?? "unknown", cores, Fma.IsSupported, Avx2.IsSupported);
        if (!Fma.IsSupported || !Vector256.IsHardwareAccelerated)
        {
            output.WriteLine("// FMA / Vector256 not available: peak not measured.");
            return;
        }

        var threadCounts = cores > 1 ? new[] { 1, cores } : new[] { 1 };
        foreach (int t in threadCounts)
        {
            Measure(t); // warmup (JIT tiering, clocks)
            double best = 0;
            var all = new List<double>();
            for (int r = 0; r < Repetitions; r++)
            {
                double g = Measure(t);
                all.Add(g);
                best = Math.Max(best, g);
            }
            lock (s_measured) s_measured[t] = best;
            output.WriteLine("// measured peak, {0} thread(s): {1,7:F1} GFLOP/s (best of {2}; all: {3})", t, best,
                Repetitions, string.Join(" ", all.Select(g => g.ToString("F1", CultureInfo.InvariantCulture))));
        }

        double? mhz = CpuMHz();
        if (mhz is { } f)
        {
            double perCore = f * 1e6 * 2 * 8 * 2 / 1e9;
            output.WriteLine("// nominal peak ({0:F0} MHz from /proc/cpuinfo x 2 FMA units x 8 lanes x 2 flops): " +
                "{1:F1} GFLOP/s per core, {2:F1} GFLOP/s on {3} cores (nominal: real clocks may differ)",
                f, perCore, perCore * cores, cores);
        }
        else
        {
            output.WriteLine("// nominal peak: clock unknown (no \"cpu MHz\" in /proc/cpuinfo)");
        }
        output.WriteLine();
    }

    /// <summary>GFLOP/s of one run of the FMA loop on <paramref name="threads"/> dedicated threads.</summary>
    private static double Measure(int threads)
    {
        using var start = new Barrier(threads + 1);
        var sinks = new float[threads];
        var workers = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            int id = i;
            workers[i] = new Thread(() =>
            {
                start.SignalAndWait();
                sinks[id] = FmaLoop(LoopIterations, 1f + id * 1e-7f);
            });
            workers[i].IsBackground = true;
            workers[i].Priority = ThreadPriority.Highest;
            workers[i].Start();
        }
        start.SignalAndWait();
        long t0 = Stopwatch.GetTimestamp();
        foreach (var w in workers) w.Join();
        double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        if (sinks.Any(float.IsNaN)) throw new InvalidOperationException("unreachable: keeps the results alive");
        return (double)LoopIterations * Chains * FlopsPerFma * threads / seconds / 1e9;
    }

    /// <summary>
    /// <paramref name="iterations"/> x 12 FMAs acc = acc * m + c on 12 independent registers. The values
    /// converge to c / (1 - m) (no overflow, no denormals), so the timing does not depend on the data.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float FmaLoop(long iterations, float seed)
    {
        var m = Vector256.Create(0.999999f);
        var c = Vector256.Create(1e-6f);
        Vector256<float> a0 = Vector256.Create(seed), a1 = a0 + c, a2 = a1 + c, a3 = a2 + c, a4 = a3 + c, a5 = a4 + c,
            a6 = a5 + c, a7 = a6 + c, a8 = a7 + c, a9 = a8 + c, a10 = a9 + c, a11 = a10 + c;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, c);
            a1 = Fma.MultiplyAdd(a1, m, c);
            a2 = Fma.MultiplyAdd(a2, m, c);
            a3 = Fma.MultiplyAdd(a3, m, c);
            a4 = Fma.MultiplyAdd(a4, m, c);
            a5 = Fma.MultiplyAdd(a5, m, c);
            a6 = Fma.MultiplyAdd(a6, m, c);
            a7 = Fma.MultiplyAdd(a7, m, c);
            a8 = Fma.MultiplyAdd(a8, m, c);
            a9 = Fma.MultiplyAdd(a9, m, c);
            a10 = Fma.MultiplyAdd(a10, m, c);
            a11 = Fma.MultiplyAdd(a11, m, c);
        }
        var sum = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11));
        return Vector256.Sum(sum);
    }

    private static string? CpuModel() => CpuInfoField("model name");

    private static double? CpuMHz() =>
        double.TryParse(CpuInfoField("cpu MHz"), NumberStyles.Float, CultureInfo.InvariantCulture, out var mhz) && mhz > 0
            ? mhz
            : null;

    private static string? CpuInfoField(string name)
    {
        try
        {
            if (!File.Exists("/proc/cpuinfo")) return null;
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                int colon = line.IndexOf(':');
                if (colon > 0 && line[..colon].Trim() == name) return line[(colon + 1)..].Trim();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
