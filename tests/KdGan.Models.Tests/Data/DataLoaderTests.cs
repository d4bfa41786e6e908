using KdGan.Models.Data;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Data;

public class DataLoaderTests
{
    private static readonly DataView View = Synthetic.Images(10).All(); // 100 images

    [Theory]
    [InlineData(false, 7, 15)]
    [InlineData(true, 7, 14)]
    [InlineData(false, 10, 10)]
    [InlineData(true, 200, 0)]
    public void CountsBatchesWithAndWithoutDropLast(bool dropLast, int batch, int expected)
    {
        var loader = new DataLoader<ImageBatch>(new ImageBatchSource(View), batch, 1, dropLast: dropLast);
        Assert.Equal(expected, loader.BatchesPerEpoch);
        int seen = 0, batches = 0;
        foreach (var b in loader.Epoch(0))
        {
            using (b) seen += b.Count;
            batches++;
        }
        Assert.Equal(expected, batches);
        Assert.Equal(dropLast ? expected * batch : 100, seen);
    }

    [Fact]
    public void EveryExampleOncePerEpochShapesAndLabels()
    {
        var loader = new DataLoader<ImageBatch>(new ImageBatchSource(View), 32, 3);
        var seen = new List<int>();
        foreach (var b in loader.Epoch(2))
        {
            using (b)
            {
                Assert.Equal(new Shape(b.Count, 1, 28, 28), b.Images.Shape);
                Assert.Equal(new Shape(b.Count), b.Labels.Shape);
                Assert.Equal(b.Classes.Select(c => (float)c), b.Labels.ToArray());
                var px = b.Images.ToArray();
                for (int i = 0; i < b.Count; i++)
                {
                    Assert.Equal(View.Source.Labels[b.Indices[i]], b.Classes[i]);
                    Assert.Equal(View.Source.Image(b.Indices[i])[0] / 255f, px[i * 784 + 400]);
                }
                seen.AddRange(b.Indices);
            }
        }
        Assert.Equal(Enumerable.Range(0, 100), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 100), seen);
    }

    [Fact]
    public void OrderIsSeededPerEpochAndIdentityWithoutShuffle()
    {
        var src = new ImageBatchSource(View);
        var a = new DataLoader<ImageBatch>(src, 10, 1);
        Assert.Equal(a.Order(0), new DataLoader<ImageBatch>(src, 10, 1).Order(0));
        Assert.NotEqual(a.Order(0), a.Order(1));
        Assert.NotEqual(a.Order(0), new DataLoader<ImageBatch>(src, 10, 2).Order(0));
        Assert.Equal(Enumerable.Range(0, 100), new DataLoader<ImageBatch>(src, 10, 1, shuffle: false).Order(0));
    }

    private static List<float[]> Collect(DataLoader<ImageBatch> loader, int epoch, int start = 0)
    {
        var list = new List<float[]>();
        foreach (var b in loader.Epoch(epoch, start))
            using (b) list.Add(b.Images.ToArray());
        return list;
    }

    [Fact]
    public void PrefetchingAndResumingDoNotChangeBatches()
    {
        var src = new ImageBatchSource(View, Augmentations.MnistTrain());
        var withPrefetch = Collect(new DataLoader<ImageBatch>(src, 16, 9, prefetch: true), 1);
        var without = Collect(new DataLoader<ImageBatch>(src, 16, 9, prefetch: false), 1);
        Assert.Equal(withPrefetch, without);
        var resumed = Collect(new DataLoader<ImageBatch>(src, 16, 9), 1, start: 3);
        Assert.Equal(withPrefetch.Skip(3), resumed);
        // Augmentation depends on the epoch.
        Assert.NotEqual(withPrefetch, Collect(new DataLoader<ImageBatch>(src, 16, 9), 2));
    }

    [Fact]
    public void AugmentationOfAnExampleDoesNotDependOnBatchSize()
    {
        var src = new ImageBatchSource(View, new RandomAffine());
        Dictionary<int, float[]> ByIndex(int batch)
        {
            var d = new Dictionary<int, float[]>();
            foreach (var b in new DataLoader<ImageBatch>(src, batch, 4).Epoch(0))
                using (b)
                {
                    var px = b.Images.ToArray();
                    for (int i = 0; i < b.Count; i++) d[b.Indices[i]] = px[(i * 784)..((i + 1) * 784)];
                }
            return d;
        }
        var a = ByIndex(8);
        var c = ByIndex(33);
        foreach (var k in a.Keys) Assert.Equal(a[k], c[k]);
    }

    [Fact]
    public void PrefetchRunsOnAnotherThreadAndStoppingEarlyIsClean()
    {
        var probe = new ThreadProbe(new ImageBatchSource(View));
        var loader = new DataLoader<ImageBatch>(probe, 10, 1);
        foreach (var b in loader.Epoch(0))
        {
            b.Dispose();
            Thread.Sleep(20); // "training": the next batch is prepared meanwhile
            if (probe.Calls >= 3) break;
        }
        Assert.Contains(probe.Threads, t => t != Environment.CurrentManagedThreadId);
        Assert.True(probe.Calls <= 4);
    }

    [Fact]
    public void ErrorsInPreparationReachTheCaller()
    {
        var loader = new DataLoader<ImageBatch>(new Failing(), 2, 1);
        var e = Assert.Throws<InvalidOperationException>(() => { foreach (var b in loader.Epoch(0)) b.Dispose(); });
        Assert.Equal("boom", e.Message);
    }

    private sealed class ThreadProbe(IBatchSource<ImageBatch> inner) : IBatchSource<ImageBatch>
    {
        public int Calls;
        public readonly System.Collections.Concurrent.ConcurrentBag<int> Threads = [];
        public int Count => inner.Count;

        public IHostBatch<ImageBatch> Prepare(int[] positions, ulong seed)
        {
            Interlocked.Increment(ref Calls);
            Threads.Add(Environment.CurrentManagedThreadId);
            return inner.Prepare(positions, seed);
        }
    }

    private sealed class Failing : IBatchSource<ImageBatch>
    {
        public int Count => 10;
        public IHostBatch<ImageBatch> Prepare(int[] positions, ulong seed) =>
            positions[0] == 0 || positions.Contains(0) ? throw new InvalidOperationException("boom") : new ImageBatchSource(View).Prepare(positions, seed);
    }
}
