using KdGan.Models.Data;

namespace KdGan.Models.Tests.Data;

/// <summary>Small generated data sets whose content is easy to check.</summary>
public static class Synthetic
{
    /// <summary><paramref name="perClass"/> images of each of 10 classes; image i has every pixel = (i * 7 + label) % 256.</summary>
    public static LabeledImages Images(int perClass, int channels = 1, int side = 28, int classes = 10)
    {
        int n = perClass * classes, size = channels * side * side;
        var pixels = new byte[n * size];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = (i * 3) % classes;
            pixels.AsSpan(i * size, size).Fill((byte)((i * 7 + labels[i]) % 256));
        }
        return new LabeledImages("synthetic", pixels, labels, channels, side, side,
            Enumerable.Range(0, classes).Select(c => c.ToString()).ToArray());
    }

    /// <summary>MNIST-like digits where each image is filled with (label + 1) * 20, so a canvas slot tells its digit.</summary>
    public static LabeledImages DigitsByValue(int perClass)
    {
        int n = perClass * 10;
        var pixels = new byte[n * 784];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % 10;
            pixels.AsSpan(i * 784, 784).Fill((byte)((labels[i] + 1) * 20));
        }
        return new LabeledImages("digits", pixels, labels, 1, 28, 28, Mnist.ClassNames);
    }

    /// <summary>One pool as train and test: the first <paramref name="testCount"/> images the test set, the rest training.</summary>
    public static TrainTestSets TrainTest(LabeledImages pool, int testCount)
    {
        var all = pool.All();
        var test = new DataView(pool, Enumerable.Range(0, testCount).ToArray());
        return new TrainTestSets(pool.Name, all.Except(test), test);
    }

    public static byte[] RandomBytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }
}
