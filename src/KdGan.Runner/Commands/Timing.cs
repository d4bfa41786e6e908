using System.Diagnostics;

namespace KdGan.Runner.Commands;

/// <summary>Times a piece of work: warm-up runs, then repetitions, reporting the median.</summary>
public static class Timing
{
    /// <summary>
    /// Median milliseconds of <paramref name="work"/> after a warm-up (at least 3 runs and 0.25 s, so the JIT
    /// and the thread pool have settled). With <paramref name="reps"/> = 0, repeats until about one second has
    /// passed (at least 5, at most 10,000 repetitions).
    /// </summary>
    public static (double MedianMs, int Reps) Median(Action work, int reps = 0)
    {
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 3 || warm.Elapsed.TotalSeconds < 0.25; i++) work();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (reps > 0 ? times.Count < reps : times.Count < 5 || (total.Elapsed.TotalSeconds < 1 && times.Count < 10_000))
        {
            long start = Stopwatch.GetTimestamp();
            work();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        int n = times.Count;
        return (n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2, n);
    }

    /// <summary>The median, fastest and slowest per-call seconds over the repetitions, and how they were taken.</summary>
    public readonly record struct CalibratedTime(double MedianS, double MinS, double MaxS, int Reps, int Iters);

    /// <summary>
    /// The peer harness's rule (<c>../shared/peer-bench</c>, Timer.Measure): <paramref name="warmup"/> calls, one
    /// calibration call that sets K so one repetition lasts at least <paramref name="repSeconds"/>, a full GC, then
    /// <paramref name="reps"/> repetitions of K calls; per-call time = repetition time / K.
    /// </summary>
    public static CalibratedTime Calibrated(Action work, int warmup, int reps, double repSeconds)
    {
        for (int i = 0; i < warmup; i++) work();
        long start = Stopwatch.GetTimestamp();
        work();
        double first = Math.Max(Stopwatch.GetElapsedTime(start).TotalSeconds, 1e-7);
        int iters = (int)Math.Clamp(Math.Ceiling(repSeconds / first), 1, 1_000_000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var times = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            start = Stopwatch.GetTimestamp();
            for (int i = 0; i < iters; i++) work();
            times[r] = Stopwatch.GetElapsedTime(start).TotalSeconds / iters;
        }
        Array.Sort(times);
        double median = reps % 2 == 1 ? times[reps / 2] : 0.5 * (times[reps / 2 - 1] + times[reps / 2]);
        return new(median, times[0], times[^1], reps, iters);
    }
}
