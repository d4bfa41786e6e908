using KdGan.Tensors.Rng;
using KdGan.Tensors;

namespace KdGan.Models.Data;

/// <summary>
/// Minibatches of a source, epoch by epoch. The order of epoch e is a Philox permutation keyed by
/// (seed, e) (or the identity without shuffling); augmentation is keyed by (seed, e, example). So
/// batch b of epoch e is a pure function of (seed, e, b): a run resumed at (e, b) sees the same
/// data, and background preparation cannot change results. While the caller trains on batch b, the
/// loader prepares batch b+1 on a worker thread (at most one batch ahead; the data set itself is
/// never copied). The caller owns and disposes each batch it receives.
/// </summary>
public sealed class DataLoader<TBatch>
{
    private const ulong OrderStream = 0x6F72646572;    // "order"
    private const ulong AugmentStream = 0x6175676D;    // "augm"

    public DataLoader(IBatchSource<TBatch> source, int batchSize, ulong seed, bool shuffle = true, bool dropLast = false,
        Device? device = null, bool prefetch = true)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"DataLoader: batch size must be positive, got {batchSize}.");
        Source = source;
        BatchSize = batchSize;
        Seed = seed;
        Shuffle = shuffle;
        DropLast = dropLast;
        Device = device ?? Device.Cpu;
        Prefetch = prefetch;
    }

    public IBatchSource<TBatch> Source { get; }
    public int BatchSize { get; }
    public ulong Seed { get; }
    public bool Shuffle { get; }
    public bool DropLast { get; }
    public Device Device { get; }
    public bool Prefetch { get; }

    /// <summary>Batches in one epoch: count / batch size, rounded down with drop-last, else up.</summary>
    public int BatchesPerEpoch => DropLast ? Source.Count / BatchSize : (int)(((long)Source.Count + BatchSize - 1) / BatchSize); // no int overflow for huge batches

    /// <summary>The order in which epoch <paramref name="epoch"/> visits the source's positions.</summary>
    public int[] Order(int epoch)
    {
        if (!Shuffle) return Enumerable.Range(0, Source.Count).ToArray();
        return new PhiloxRandom(PhiloxRandom.Mix(Seed, OrderStream, (ulong)epoch)).Permutation(Source.Count);
    }

    /// <summary>The batches of epoch <paramref name="epoch"/>, from batch <paramref name="startBatch"/> on.</summary>
    public IEnumerable<TBatch> Epoch(int epoch, int startBatch = 0)
    {
        int[] order = Order(epoch);
        int count = BatchesPerEpoch;
        ulong augmentSeed = PhiloxRandom.Mix(Seed, AugmentStream, (ulong)epoch);
        IHostBatch<TBatch> PrepareBatch(int b)
        {
            int start = (int)Math.Min((long)b * BatchSize, order.Length), n = Math.Min(BatchSize, order.Length - start);
            return Source.Prepare(order.AsSpan(start, n).ToArray(), augmentSeed);
        }

        Task<IHostBatch<TBatch>>? next = null;
        try
        {
            for (int b = startBatch; b < count; b++)
            {
                var current = next is null ? PrepareBatch(b) : next.GetAwaiter().GetResult();
                next = null;
                if (Prefetch && b + 1 < count)
                {
                    int following = b + 1;
                    // PreferFairness queues globally, so waiting on it later never runs it inline on this thread.
                    next = Task.Factory.StartNew(() => PrepareBatch(following), CancellationToken.None,
                        TaskCreationOptions.PreferFairness, TaskScheduler.Default);
                }
                yield return current.Upload(Device);
            }
        }
        finally
        {
            // The caller stopped early: let the worker finish, drop its batch (host memory only).
            try { next?.Wait(); } catch (AggregateException) { }
        }
    }
}
