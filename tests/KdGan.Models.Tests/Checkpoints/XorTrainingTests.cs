using KdGan.Autograd;
using KdGan.Models.Checkpoints;
using KdGan.Models.Optim;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Checkpoints;

/// <summary>End to end on the autograd + optimizer + checkpoint stack: a 2-layer MLP learns XOR.</summary>
public sealed class XorTrainingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-xor-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly float[] X = [0, 0, 0, 1, 1, 0, 1, 1];
    private static readonly int[] Y = [0, 1, 1, 0];

    private sealed class Mlp : IDisposable
    {
        public readonly Variable W1, B1, W2, B2;
        public Mlp(ulong seed)
        {
            using var w1 = Tensor.Randn([2, 8], seed);
            using var w2 = Tensor.Randn([8, 2], seed + 1);
            W1 = new Variable(w1 * 0.8f, requiresGrad: true);
            B1 = new Variable(Tensor.Zeros([8]), requiresGrad: true);
            W2 = new Variable(w2 * 0.5f, requiresGrad: true);
            B2 = new Variable(Tensor.Zeros([2]), requiresGrad: true);
        }
        public Dictionary<string, Variable> Named() => new() { ["fc1.weight"] = W1, ["fc1.bias"] = B1, ["fc2.weight"] = W2, ["fc2.bias"] = B2 };
        public Variable Forward(Variable x)
        {
            using var h0 = Variable.MatMul(x, W1);
            using var h1 = h0 + B1;
            using var h = h1.Tanh();
            using var o = Variable.MatMul(h, W2);
            return o + B2;
        }
        public void Dispose() { foreach (var p in Named().Values) p.Dispose(); }
    }

    private static float TrainStep(Mlp mlp, Optimizer opt, Tensor x)
    {
        using var scope = TensorScope.Begin();
        opt.ZeroGrad();
        var logits = mlp.Forward(x);
        var loss = Functional.CrossEntropy(logits, Y);
        loss.Backward();
        opt.Step();
        return loss.Item();
    }

    private static int Correct(Mlp mlp, Tensor x)
    {
        using var noGrad = GradMode.NoGrad();
        using var logits = mlp.Forward(x);
        using var pred = logits.Data.ArgMax(-1);
        return pred.ToArray().Select((p, i) => (int)p == Y[i] ? 1 : 0).Sum();
    }

    [Fact]
    public void MlpLearnsXorAndItsWeightsSurviveASaveLoadRoundTripBitForBit()
    {
        using var x = Tensor.FromArray(X, [4, 2]);
        using var mlp = new Mlp(seed: 3);
        using var opt = new Adam(mlp.Named().Values, 0.05f);
        float first = TrainStep(mlp, opt, x), last = first;
        for (int i = 0; i < 300; i++) last = TrainStep(mlp, opt, x);
        Assert.True(last < 0.05f * first, $"loss {first} -> {last}");
        Assert.Equal(4, Correct(mlp, x));

        string path = Path.Combine(_dir, "xor.safetensors");
        Checkpoint.Save(path, mlp.Named(), new Dictionary<string, Optimizer> { ["opt"] = opt });
        using var restored = new Mlp(seed: 99);
        using (var ckpt = Checkpoint.Load(path)) ckpt.RestoreParameters(restored.Named());
        foreach (var (name, p) in mlp.Named())
            Assert.Equal(p.ToArray().Select(BitConverter.SingleToInt32Bits), restored.Named()[name].ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(4, Correct(restored, x));
    }

    [Fact]
    public void ResumingFromACheckpointContinuesExactlyAsIfNeverStopped()
    {
        using var x = Tensor.FromArray(X, [4, 2]);
        using var a = new Mlp(seed: 5);
        using var optA = new Adam(a.Named().Values, 0.05f);
        for (int i = 0; i < 10; i++) TrainStep(a, optA, x);
        string path = Path.Combine(_dir, "mid.safetensors");
        Checkpoint.Save(path, a.Named(), new Dictionary<string, Optimizer> { ["opt"] = optA });
        for (int i = 0; i < 10; i++) TrainStep(a, optA, x);

        using var b = new Mlp(seed: 77);
        using var optB = new Adam(b.Named().Values, 0.05f);
        using (var ckpt = Checkpoint.Load(path))
        {
            ckpt.RestoreParameters(b.Named());
            ckpt.RestoreOptimizer("opt", optB);
        }
        Assert.Equal(10, optB.StepCount);
        for (int i = 0; i < 10; i++) TrainStep(b, optB, x);
        foreach (var (name, p) in a.Named())
            Assert.Equal(p.ToArray(), b.Named()[name].ToArray());
    }

    [Fact]
    public void AMismatchedModelIsNamedWhenRestoring()
    {
        using var mlp = new Mlp(seed: 1);
        string path = Path.Combine(_dir, "m.safetensors");
        Checkpoint.Save(path, mlp.Named());
        using var ckpt = Checkpoint.Load(path);
        using var other = new Variable(Tensor.Zeros([3]), requiresGrad: true);
        var e = Assert.Throws<CheckpointFormatException>(() => ckpt.RestoreParameters(new Dictionary<string, Variable> { ["fc1.weight"] = other }));
        Assert.Contains("unexpected: fc1.bias", e.Message);
    }

    [Fact]
    public void AFullTrainingStepLeavesNoLiveTemporaries()
    {
        using var x = Tensor.FromArray(X, [4, 2]);
        using var mlp = new Mlp(seed: 2);
        using var opt = new Adam(mlp.Named().Values, 0.01f);
        TrainStep(mlp, opt, x); // first step creates gradients and Adam moments
        var before = MemoryStats.Snapshot(Device.Cpu);
        TrainStep(mlp, opt, x);
        var after = MemoryStats.Snapshot(Device.Cpu);
        Assert.Equal(before.LiveTensors, after.LiveTensors);
        Assert.Equal(before.BytesInUse, after.BytesInUse);
    }
}
