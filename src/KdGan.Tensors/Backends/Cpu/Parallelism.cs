namespace KdGan.Tensors.Backends.Cpu;

/// <summary>Splits index ranges over <see cref="CpuThreads.Count"/> threads in a fixed way.</summary>
internal static class Parallelism
{
    /// <summary>
    /// Calls <paramref name="body"/>(start, end) over [0, count) in contiguous chunks, on several threads when
    /// every thread gets at least <paramref name="minPerThread"/> items. The chunks depend only on the
    /// count and the thread count, and each item is processed by exactly one call.
    /// </summary>
    public static void ForRanges(long count, long minPerThread, Action<long, long> body)
    {
        if (count <= 0) return;
        int threads = (int)Math.Min(CpuThreads.Count, Math.Max(1, count / Math.Max(1, minPerThread)));
        if (threads <= 1)
        {
            body(0, count);
            return;
        }
        long chunk = (count + threads - 1) / threads;
        void Part(int t)
        {
            long s = t * chunk, e = Math.Min(count, s + chunk);
            if (s < e) body(s, e);
        }
        Run(threads, Part);
    }

    /// <summary>
    /// Runs <paramref name="part"/>(0 .. parts - 1) in parallel: on the spinning <see cref="ThreadTeam"/> when it is
    /// free, otherwise (a nested or concurrent call) on the thread pool.
    /// </summary>
    public static void Run(int parts, Action<int> part)
    {
        if (!ThreadTeam.TryRun(parts, part))
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part);
    }
}
