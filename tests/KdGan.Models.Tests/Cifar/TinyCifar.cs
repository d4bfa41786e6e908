using KdGan.Models.Data;
using KdGan.Models.Experiments;
using KdGan.Models.Experiments.Cifar;

namespace KdGan.Models.Tests.Cifar;

/// <summary>
/// CIFAR-10 in miniature, in the official binary format: five train batches and a test batch of 3x32x32 images whose
/// colour and band encode the label (channel label % 3 bright in row band label / 3), plus noise.
/// </summary>
public static class TinyCifar
{
    /// <summary>Writes data_batch_1..5.bin with <paramref name="perFile"/> images each and test_batch.bin with <paramref name="test"/>; returns the folder.</summary>
    public static string Write(string dir, int perFile, int test = 20)
    {
        Directory.CreateDirectory(dir);
        for (int b = 1; b <= 5; b++) Batch(Path.Combine(dir, $"data_batch_{b}.bin"), perFile, b);
        Batch(Path.Combine(dir, Cifar10.TestFile), test, 9);
        return dir;
    }

    private static void Batch(string path, int n, int seed)
    {
        var rng = new Random(seed);
        var pixels = new byte[n * Cifar10.ImageBytes];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int label = labels[i] = (i + seed) % 10;
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 32; y++)
                    for (int x = 0; x < 32; x++)
                    {
                        bool on = c == label % 3 && y / 8 == label / 3;
                        pixels[i * Cifar10.ImageBytes + (c * 32 + y) * 32 + x] = (byte)(on ? 180 + rng.Next(70) : rng.Next(90));
                    }
        }
        Cifar10.WriteBatch(path, pixels, labels);
    }

    /// <summary>The CIFAR-10 experiment over files written by <see cref="Write"/>.</summary>
    public static IExperiment Experiment(string dir) => CifarExperiment.FromData(CifarExperiment.Entry, Cifar10.Load(dir));
}
