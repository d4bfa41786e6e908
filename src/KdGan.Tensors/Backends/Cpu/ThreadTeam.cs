using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace KdGan.Tensors.Backends.Cpu;

/// <summary>
/// A team of dedicated worker threads that spin briefly between jobs, for the short parallel kernels a training
/// step issues back to back (an LSTM step, a softmax over 256 rows, a small GEMM). Handing such work to the
/// thread pool costs a wake-up per call, which on a 2-vCPU VM often takes longer than the work itself.
/// <para>
/// <see cref="Run"/> runs part 0 on the calling thread and part p on worker p; the parts are the caller's, so
/// which thread runs a part never changes a result. While a job runs the team is taken: a second caller (another
/// thread, or a part that itself goes parallel) gets <c>false</c> and runs its parts elsewhere.
/// </para>
/// </summary>
internal static class ThreadTeam
{
    /// <summary>How long an idle worker keeps spinning for the next job before it sleeps.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 microseconds

    private sealed class Worker
    {
        public long Generation;      // bumped by the caller for each job
        public int Sleeping;         // 1 while the worker waits on Wake
        public int Part;
        public readonly ManualResetEventSlim Wake = new(false, spinCount: 1);
    }

    private static readonly Lock Grow = new();
    private static Worker[] _workers = [];
    private static int _busy;
    private static Action<int>? _job;
    private static int _pending;
    private static ExceptionDispatchInfo? _error;

    /// <summary>
    /// Runs <paramref name="part"/>(0 .. parts - 1), each exactly once, and returns when all have finished; the
    /// first exception thrown by a part is rethrown here. Returns <c>false</c> without running anything when the
    /// team is already taken.
    /// </summary>
    public static bool TryRun(int parts, Action<int> part)
    {
        if (parts <= 1)
        {
            if (parts == 1) part(0);
            return true;
        }
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
        try
        {
            var workers = EnsureWorkers(parts - 1);
            _job = part;
            _error = null;
            Volatile.Write(ref _pending, parts - 1);
            for (int p = 1; p < parts; p++)
            {
                var w = workers[p - 1];
                w.Part = p;
                Interlocked.Increment(ref w.Generation);  // a full fence: pairs with the worker's Sleeping write
                if (Volatile.Read(ref w.Sleeping) == 1) w.Wake.Set();
            }
            try
            {
                part(0);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
            }
            var spin = new SpinWait();
            while (Volatile.Read(ref _pending) != 0) spin.SpinOnce(sleep1Threshold: -1);
            _job = null;
            _error?.Throw();
            return true;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private static Worker[] EnsureWorkers(int count)
    {
        var current = _workers;
        if (current.Length >= count) return current;
        lock (Grow)
        {
            if (_workers.Length >= count) return _workers;
            var grown = new Worker[count];
            Array.Copy(_workers, grown, _workers.Length);
            for (int i = _workers.Length; i < count; i++)
            {
                var w = grown[i] = new Worker();
                new Thread(() => Loop(w)) { IsBackground = true, Name = $"KdGan CPU worker {i + 1}" }.Start();
            }
            _workers = grown;
            return grown;
        }
    }

    private static void Loop(Worker w)
    {
        long seen = 0;
        while (true)
        {
            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            while (Volatile.Read(ref w.Generation) == seen)
            {
                if (Stopwatch.GetTimestamp() < deadline)
                {
                    Thread.SpinWait(20);
                    continue;
                }
                Interlocked.Exchange(ref w.Sleeping, 1);   // a full fence: pairs with the caller's increment
                if (Volatile.Read(ref w.Generation) == seen) w.Wake.Wait();
                w.Wake.Reset();
                Volatile.Write(ref w.Sleeping, 0);
                deadline = Stopwatch.GetTimestamp() + SpinTicks;
            }
            seen = Volatile.Read(ref w.Generation);
            try
            {
                _job!(w.Part);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
            }
            Interlocked.Decrement(ref _pending);
        }
    }
}
