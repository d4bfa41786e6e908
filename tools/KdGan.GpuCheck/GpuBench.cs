using System.Diagnostics;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Gpu;

namespace KdGan.GpuCheck;

/// <summary>
/// The GPU benchmarks of the bundle: kernel compile time, then per workload the copies (host to device, device to
/// host) and the compute apart, each the median of <c>reps</c> timed runs after a warm-up, every run ended by a
/// Synchronize. One human line and one JSON line per result.
/// </summary>
internal static class GpuBench
{
    public static void Run(GpuBackend gpu, int[] sizes, int reps, TextWriter o, bool smoke = false)
    {
        var dev = gpu.Device;
        o.WriteLine($"bench on {gpu.Describe()}, median of {reps} runs");
        var compile = gpu.Kernels.LoadAll();
        o.WriteLine($"  compile: {gpu.Kernels.LoadedCount} kernels in {compile.TotalMilliseconds:F0} ms (ILGPU IL -> PTX -> driver JIT, once per process)");
        Json(o, "compile", new() { ["kernels"] = gpu.Kernels.LoadedCount, ["ms"] = compile.TotalMilliseconds });

        foreach (int n in sizes)
        {
            var host = new float[(long)n * n];
            for (long i = 0; i < host.LongLength; i++) host[i] = (i * 7919 % 1000) * 1e-3f - 0.5f;
            double up = Median(reps, () => { using var t = Tensor.FromArray(host, [n, n], dev); gpu.Synchronize(); });
            using var a = Tensor.FromArray(host, [n, n], dev);
            using var b = Tensor.Randn([n, n], seed: 2, device: dev);
            double down = Median(reps, () => gpu.Download(a, host));
            double ms = Median(reps, () => { using var c = Tensor.MatMul(a, b); gpu.Synchronize(); });
            double gflops = 2.0 * n * n * n / (ms * 1e6);
            double mib = 4.0 * n * n / (1 << 20);
            o.WriteLine($"  sgemm {n}: {ms:F3} ms compute = {gflops:F0} GFLOP/s; copy in {up:F2} ms ({mib / 1024 / (up / 1e3):F1} GiB/s), copy out {down:F2} ms");
            Json(o, "sgemm", new() { ["size"] = n, ["ms"] = ms, ["gflops"] = gflops, ["copy_in_ms"] = up, ["copy_out_ms"] = down, ["reps"] = reps });
        }

        int count = smoke ? 1 << 12 : 1 << 24; // smoke: tiny shapes, to exercise this code on the CPU accelerator
        using (var x = Tensor.Randn([count], seed: 3, device: dev))
        using (var y = Tensor.Randn([count], seed: 4, device: dev))
        {
            double add = Median(reps, () => { using var z = x + y; gpu.Synchronize(); });
            double exp = Median(reps, () => { using var z = x.Exp(); gpu.Synchronize(); });
            double addGbps = 3.0 * count * 4 / (add * 1e6), expGbps = 2.0 * count * 4 / (exp * 1e6);
            o.WriteLine($"  add {count}: {add:F3} ms = {addGbps:F0} GB/s; exp {count}: {exp:F3} ms = {expGbps:F0} GB/s");
            Json(o, "add", new() { ["size"] = count, ["ms"] = add, ["gbps"] = addGbps, ["reps"] = reps });
            Json(o, "exp", new() { ["size"] = count, ["ms"] = exp, ["gbps"] = expGbps, ["reps"] = reps });
        }
        foreach (var (rows, cols) in (smoke ? new[] { (16, 100) } : new[] { (256, 2000), (8192, 4096) }))
        {
            using var x = Tensor.Randn([rows, cols], seed: 5, device: dev);
            double ms = Median(reps, () => { using var z = x.Softmax(2f); gpu.Synchronize(); });
            double gbps = 2.0 * rows * cols * 4 / (ms * 1e6);
            o.WriteLine($"  softmax {rows}x{cols}: {ms:F3} ms = {gbps:F0} GB/s");
            Json(o, "softmax", new() { ["rows"] = rows, ["cols"] = cols, ["ms"] = ms, ["gbps"] = gbps, ["reps"] = reps });
        }
    }

    /// <summary>Median wall time in ms of <paramref name="reps"/> runs after two warm-up runs.</summary>
    private static double Median(int reps, Action body)
    {
        body();
        body();
        var t = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            body();
            t[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(t);
        return t[reps / 2];
    }

    private static void Json(TextWriter o, string op, Dictionary<string, object> fields)
    {
        var parts = fields.Select(f => $"\"{f.Key}\":{(f.Value is double d ? d.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) : f.Value)}");
        o.WriteLine($"  {{\"op\":\"{op}\",{string.Join(",", parts)}}}");
    }
}
