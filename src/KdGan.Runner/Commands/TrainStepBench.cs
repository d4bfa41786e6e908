using KdGan.Autograd;
using KdGan.Models.Experiments.Tags;
using KdGan.Models.Nn;
using KdGan.Models.Optim;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Runner.Commands;

/// <summary>
/// Whole training steps as PERFORMANCE.md measures them: forward, cross-entropy, backward and an Adam step
/// on a batch of 64 random images, for the KDGAN student MLP (784-800-800-10) and the LeNet teacher; and one step of
/// the tag teacher (<see cref="TextImageTeacher"/>, LSTM) at MNIST-Tags' shapes: a 28x112 image and 7 word ids per post;
/// and one step of the CIFAR-10 teacher, ResNet-20 (batch norm in training mode), on 3x32x32 images.
/// </summary>
public static class TrainStepBench
{
    public static Layer Mlp(Generator g) => new Sequential(
        new Flatten(), new Linear(784, 800, g), new Relu(), new Linear(800, 800, g), new Relu(), new Linear(800, 10, g));

    public static Layer LeNet(Generator g) => new Sequential(
        new Conv2d(1, 32, 5, g, padding: 2), new Relu(), new MaxPool2d(2),
        new Conv2d(32, 64, 5, g, padding: 2), new Relu(), new MaxPool2d(2),
        new Flatten(), new Linear(64 * 7 * 7, 1024, g), new Relu(), new Linear(1024, 10, g));

    /// <summary>MNIST-Tags' default shapes: a 1x28x112 image, 4 digits + 3 fillers = 7 words, 26 words, 10 tags.</summary>
    private const int TagImage = 28 * 112, TagWords = 7, TagVocabulary = 26, TagCount = 10;

    public static Dictionary<string, object> TagTeacherStep(int batch, int reps)
    {
        var g = new Generator(1);
        using var net = new TextImageTeacher(TeacherText.Lstm, TagImage, TagWords, TagVocabulary, TagCount, 0.5f, g, new Generator(2), Device.Cpu);
        using var opt = new Adam(net.Parameters(), 1e-3f);
        // Each row: the image in [0, 1), then 5 word ids and 2 of padding.
        var rng = new KdGan.Tensors.Rng.PhiloxRandom(4);
        var rows = new float[batch * (TagImage + TagWords)];
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < TagImage + TagWords; j++)
                rows[b * (TagImage + TagWords) + j] = j < TagImage ? rng.NextFloat() : j - TagImage < 5 ? 1 + rng.NextInt(TagVocabulary - 1) : 0;
        using var x = Tensor.FromArray(rows, [batch, TagImage + TagWords]);
        using var targets = Tensor.FromArray(Enumerable.Range(0, batch * TagCount).Select(i => i % TagCount < 2 ? 0.5f : 0f).ToArray(), [batch, TagCount]);
        void Step()
        {
            using var scope = TensorScope.Begin();
            opt.ZeroGrad();
            var logits = net.Forward(new Variable(x.Expand(x.Shape)));
            var loss = Functional.CrossEntropy(logits, new Variable(targets));
            loss.Backward();
            opt.Step();
        }
        var (ms, r) = Timing.Median(Step, reps);
        return new() { ["op"] = "tag-teacher-step", ["batch"] = batch, ["ms"] = Math.Round(ms, 3), ["reps"] = r, ["parameters"] = net.ParameterCount };
    }

    public static Dictionary<string, object> Run(string model, int batch, int reps)
    {
        var g = new Generator(1);
        using var net = model switch
        {
            "lenet-step" => LeNet(g),
            "resnet-step" => Models.Experiments.Cifar.CifarNetworks.ResNet(20, g, Device.Cpu),
            _ => Mlp(g),
        };
        using var opt = new Adam(net.Parameters(), 1e-3f);
        using var x = model == "resnet-step" ? Tensor.Randn([batch, 3, 32, 32], seed: 2) : Tensor.Randn([batch, 1, 28, 28], seed: 2);
        var labels = Enumerable.Range(0, batch).Select(i => i % 10).ToArray();
        void Step()
        {
            using var scope = TensorScope.Begin();
            opt.ZeroGrad();
            var logits = net.Forward(new Variable(x.Expand(x.Shape)));
            var loss = Functional.CrossEntropy(logits, labels);
            loss.Backward();
            opt.Step();
        }
        var (ms, r) = Timing.Median(Step, reps);
        return new() { ["op"] = model, ["batch"] = batch, ["ms"] = Math.Round(ms, 3), ["reps"] = r, ["parameters"] = net.ParameterCount };
    }
}
