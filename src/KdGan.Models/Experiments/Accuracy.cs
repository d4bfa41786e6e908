using KdGan.Autograd;
using KdGan.Models.Data;
using KdGan.Models.Nn;
using KdGan.Models.Training;
using KdGan.Tensors;

namespace KdGan.Models.Experiments;

/// <summary>Top-1 accuracy: the share of examples whose largest logit (eval mode) is the true class.</summary>
public sealed class Accuracy : IMetric
{
    public static readonly Accuracy Instance = new();

    public string Name => "accuracy";

    public double Evaluate(Sequential net, Role role, IBatchSource<IExampleBatch> data, Device device)
    {
        net.Eval();
        var loader = new DataLoader<IExampleBatch>(data, 500, 0, shuffle: false, device: device);
        int correct = 0;
        using var noGrad = GradMode.NoGrad();
        foreach (var batch in loader.Epoch(0))
            using (batch)
            using (var scope = TensorScope.Begin())
            {
                var z = net.Forward(new Variable(batch.Input(role)));
                var pred = z.Data.ArgMax(-1).ToArray();
                for (int i = 0; i < pred.Length; i++) if ((int)pred[i] == batch.Classes[i]) correct++;
            }
        return correct / (double)data.Count;
    }
}
