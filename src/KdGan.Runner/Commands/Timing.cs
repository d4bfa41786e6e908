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
}
