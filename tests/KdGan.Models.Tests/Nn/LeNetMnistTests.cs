using KdGan.Autograd;
using KdGan.Models.Data;
using KdGan.Models.Nn;
using KdGan.Models.Optim;
using KdGan.Models.Tests.Data;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Tests.Nn;

public class LeNetMnistTests
{
    /// <summary>conv5x5x32 - pool - conv5x5x64 - pool - fc1024 - dropout - fc10 (the KDGAN code's teacher/discriminator).</summary>
    private static Sequential LeNet(Generator g) => new(
        new Conv2d(1, 32, 5, g, padding: 2), new Relu(), new MaxPool2d(2),
        new Conv2d(32, 64, 5, g, padding: 2), new Relu(), new MaxPool2d(2),
        new Flatten(), new Linear(64 * 7 * 7, 1024, g), new Relu(), new Dropout(0.5f, g), new Linear(1024, 10, g));

    [RequiresMnistFact]
    public void LeNetLossFallsOnARealMnistBatch()
    {
        var data = Mnist.Load();
        var split = ExperimentSplit.Create(data, labeled: 64, validation: 100, seed: 1);
        var loader = new DataLoader<ImageBatch>(new ImageBatchSource(split.Labeled), batchSize: 64, seed: 1, shuffle: false);
        using var batch = loader.Epoch(0).First();
        var g = new Generator(42);
        using var net = LeNet(g);
        using var opt = new Adam(net.Parameters(), 2e-3f);
        var losses = new List<float>();
        for (int step = 0; step < 10; step++)
        {
            using var scope = TensorScope.Begin();
            opt.ZeroGrad();
            var logits = net.Forward(new Variable(batch.Images));
            var loss = Functional.CrossEntropy(logits, batch.Classes);
            loss.Backward();
            opt.Step();
            losses.Add(loss.Item());
        }
        Assert.True(losses[^1] < 0.5f * losses[0], $"loss did not fall: {string.Join(", ", losses.Select(l => l.ToString("F3")))}");
    }
}
