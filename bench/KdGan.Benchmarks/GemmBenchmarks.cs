using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using KdGan.Tensors.Backends.Cpu;

namespace KdGan.Benchmarks;

/// <summary>
/// Square SGEMM C = A * B (row-major, no transposes, C overwritten) through <see cref="Sgemm.Multiply"/>
/// directly, on 64-byte aligned buffers allocated once in setup: the measured call allocates nothing
/// (Sgemm packs into reused per-thread buffers, which warm up during the warmup iterations).
/// </summary>
public unsafe class GemmBenchmarks : IThroughputWorkload
{
    [Params(256, 512, 1024, 2048)]
    public int N { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    private float* _a, _b, _c;

    [GlobalSetup]
    public void Setup()
    {
        nuint count = (nuint)N * (nuint)N;
        _a = Allocate(count, seed: 1);
        _b = Allocate(count, seed: 2);
        _c = Allocate(count, seed: 3);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.AlignedFree(_a);
        NativeMemory.AlignedFree(_b);
        NativeMemory.AlignedFree(_c);
        _a = _b = _c = null;
    }

    [Benchmark]
    public void Sgemm() =>
        KdGan.Tensors.Backends.Cpu.Gemm.Sgemm.Multiply(N, N, N, _a, N, 1, _b, N, 1, _c, N, accumulate: false, Threads);

    public double Flops(string method) => 2.0 * N * N * N;

    public double Bytes(string method) => 0; // compute-bound: reported in GFLOP/s only

    private static float* Allocate(nuint count, int seed)
    {
        var p = (float*)NativeMemory.AlignedAlloc(count * sizeof(float), 64);
        var rng = new Random(seed);
        for (nuint i = 0; i < count; i++) p[i] = (float)rng.NextDouble() - 0.5f;
        return p;
    }
}
