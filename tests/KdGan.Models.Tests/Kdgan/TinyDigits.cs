using KdGan.Models.Data;
using KdGan.Models.Experiments;
using KdGan.Models.Experiments.MnistLike;

namespace KdGan.Models.Tests.Kdgan;

/// <summary>100 28x28 images (10 per class) whose pixels encode the label plus noise, split 80 / 20: MNIST in miniature.</summary>
public static class TinyDigits
{
    public static TrainTestSets Sets(int noiseSeed = 5)
    {
        var rng = new Random(noiseSeed);
        int n = 100;
        var pixels = new byte[n * 784];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % 10;
            for (int j = 0; j < 784; j++)
                pixels[i * 784 + j] = (byte)(j / 78 == labels[i] ? 200 + rng.Next(50) : rng.Next(60));
        }
        var images = new LabeledImages("tiny", pixels, labels, 1, 28, 28, Mnist.ClassNames);
        return new TrainTestSets("tiny", new DataView(images, Enumerable.Range(0, 80).ToArray()), new DataView(images, Enumerable.Range(80, 20).ToArray()));
    }

    /// <summary>The MNIST experiment over <see cref="Sets"/>.</summary>
    public static IExperiment Experiment() => MnistExperiments.FromData(MnistExperiments.Mnist, Sets());
}
