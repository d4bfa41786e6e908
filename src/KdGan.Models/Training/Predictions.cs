using KdGan.Autograd;
using KdGan.Models.Data;
using KdGan.Models.Nn;
using KdGan.Tensors;

namespace KdGan.Models.Training;

/// <summary>One example as a network saw it and what it predicted.</summary>
/// <param name="Input">What the player saw (an image [C, H, W] for the image experiments).</param>
/// <param name="InputShape">The shape of <paramref name="Input"/>.</param>
public sealed record Prediction(int True, int Predicted, double TrueProbability, float[] Input, int[] InputShape);

/// <summary>A network's predictions over a split, and what eval reports from them.</summary>
public sealed class Predictions(IReadOnlyList<Prediction> all, int classes)
{
    public IReadOnlyList<Prediction> All => all;
    public int Classes => classes;

    /// <summary>confusion[t, p]: examples of class t predicted as p.</summary>
    public int[,] Confusion()
    {
        var m = new int[classes, classes];
        foreach (var p in all) m[p.True, p.Predicted]++;
        return m;
    }

    /// <summary>The <paramref name="count"/> misclassified examples the network gave the lowest probability of their true class.</summary>
    public IReadOnlyList<Prediction> Worst(int count) =>
        all.Where(p => p.True != p.Predicted).OrderBy(p => p.TrueProbability).Take(count).ToList();

    /// <summary>Runs <paramref name="net"/> (eval mode) over <paramref name="data"/> as <paramref name="role"/> sees it.</summary>
    public static Predictions Of(Sequential net, Role role, IBatchSource<IExampleBatch> data, Device device)
    {
        net.Eval();
        var loader = new DataLoader<IExampleBatch>(data, 500, 0, shuffle: false, device: device);
        var list = new List<Prediction>();
        int classes = 0;
        using var noGrad = GradMode.NoGrad();
        foreach (var batch in loader.Epoch(0))
            using (batch)
            using (var scope = TensorScope.Begin())
            {
                var input = batch.Input(role);
                var z = net.Forward(new Variable(input));
                classes = z.Shape[1];
                var prob = z.Data.Softmax(1f).ToArray();
                var pixels = input.ToArray();
                int size = pixels.Length / batch.Count;
                int[] shape = input.Shape.ToArray()[1..];
                for (int i = 0; i < batch.Count; i++)
                {
                    var row = prob.AsSpan(i * classes, classes);
                    int pred = 0;
                    for (int k = 1; k < classes; k++) if (row[k] > row[pred]) pred = k;
                    list.Add(new Prediction(batch.Classes[i], pred, row[batch.Classes[i]], pixels.AsSpan(i * size, size).ToArray(), shape));
                }
            }
        return new Predictions(list, classes);
    }
}
