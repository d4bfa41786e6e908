using KdGan.Autograd;
using KdGan.Models.Nn;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Reference;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Tests.Nn;

public class ModuleTests
{
    private sealed class Net : Layer
    {
        public readonly Linear Fc1, Fc2;
        public readonly BatchNorm Bn;
        public Net(Generator g)
        {
            Fc1 = RegisterModule("fc1", new Linear(4, 3, g));
            Bn = RegisterModule("bn", new BatchNorm(3));
            Fc2 = RegisterModule("fc2", new Linear(3, 2, g, bias: false));
        }
        public override Variable Forward(Variable x)
        {
            using var h = Fc1.Forward(x);
            using var b = Bn.Forward(h);
            using var r = b.Relu();
            return Fc2.Forward(r);
        }
    }

    [Fact]
    public void NamesFollowPyTorchAndStateDictsRoundTrip()
    {
        using var a = new Net(new Generator(1));
        Assert.Equal(["fc1.weight", "fc1.bias", "bn.weight", "bn.bias", "fc2.weight"], a.NamedParameters().Select(p => p.Name));
        Assert.Equal(["bn.running_mean", "bn.running_var"], a.NamedBuffers().Select(b => b.Name));
        Assert.Equal(4 * 3 + 3 + 3 + 3 + 3 * 2, a.ParameterCount);
        using var b = new Net(new Generator(2));
        b.LoadStateDict(a.StateDict());
        foreach (var (name, t) in a.StateDict()) Assert.Equal(t.ToArray(), b.StateDict()[name].ToArray());
        var bad = a.StateDict();
        bad.Remove("fc2.weight");
        bad["extra"] = Tensor.Zeros([1]);
        var e = Assert.Throws<ArgumentException>(() => b.LoadStateDict(bad));
        Assert.Contains("missing fc2.weight", e.Message);
        Assert.Contains("unexpected extra", e.Message);
    }

    [Fact]
    public void LinearComputesXWTransposePlusBiasWithPyTorchInit()
    {
        var g = new Generator(3);
        using var lin = new Linear(20, 7, g);
        float bound = 1f / MathF.Sqrt(20);
        Assert.All(lin.Weight.ToArray(), v => Assert.InRange(v, -bound, bound));
        using var x = new Variable(Tensor.Randn([5, 20], seed: 4));
        using var y = lin.Forward(x);
        var w = lin.Weight.ToArray();
        var bias = lin.Bias!.ToArray();
        var xv = x.ToArray();
        var yv = y.ToArray();
        for (int i = 0; i < 5; i++)
            for (int o = 0; o < 7; o++)
            {
                double s = bias[o];
                for (int k = 0; k < 20; k++) s += xv[i * 20 + k] * w[o * 20 + k];
                Assert.Equal(s, yv[i * 7 + o], 4);
            }
        Assert.Contains("input has 3 features", Assert.Throws<ArgumentException>(() => lin.Forward(new Variable(Tensor.Zeros([2, 3])))).Message);
    }

    [Fact]
    public void DropoutIsSeededInvertedAndOffInEval()
    {
        using var x = new Variable(Tensor.Ones([1000]));
        var d1 = new Dropout(0.3f, new Generator(7));
        var d2 = new Dropout(0.3f, new Generator(7));
        using var y1 = d1.Forward(x);
        using var y2 = d2.Forward(x);
        Assert.Equal(y1.ToArray(), y2.ToArray());
        var v = y1.ToArray();
        Assert.All(v, e => Assert.True(e == 0f || Math.Abs(e - 1f / 0.7f) < 1e-6));
        Assert.InRange(v.Count(e => e == 0f), 250, 350);
        // The mask is the uniform stream thresholded at p.
        var u = ReferenceOps.Random(RandomDistribution.Uniform, 7, 0, 1000);
        Assert.Equal(u.Select(e => e >= 0.3f ? 1f / 0.7f : 0f).ToArray(), v);
        d1.Eval();
        using var y3 = d1.Forward(x);
        Assert.Equal(x.ToArray(), y3.ToArray());
    }

    [Fact]
    public void BatchNormNormalisesAndTracksRunningStatisticsLikePyTorch()
    {
        using var bn = new BatchNorm(2, momentum: 0.1f);
        float[] data = [1, 10, 2, 20, 3, 30, 6, 40]; // [4, 2]: channel 0 = 1,2,3,6; channel 1 = 10,20,30,40
        using var x = new Variable(Tensor.FromArray(data, [4, 2]));
        using var y = bn.Forward(x);
        var yv = y.ToArray();
        double m0 = 3, v0 = (4 + 1 + 0 + 9) / 4.0; // biased variance 3.5
        Assert.Equal((1 - m0) / Math.Sqrt(v0 + 1e-5), yv[0], 4);
        Assert.Equal(0.1 * 3, bn.RunningMean.ToArray()[0], 5);
        Assert.Equal(0.9 + 0.1 * (14 / 3.0), bn.RunningVar.ToArray()[0], 5); // unbiased variance 14/3
        bn.Eval();
        using var ye = bn.Forward(x);
        Assert.Equal((1 - 0.3) / Math.Sqrt(0.9 + 0.1 * 14 / 3.0 + 1e-5), ye.ToArray()[0], 4);
    }

    [Fact]
    public void BatchNormGradientsPassFiniteDifferences()
    {
        using var bn = new BatchNorm(3);
        GradCheck.Assert("batchnorm2d", v =>
        {
            using var h = bn.Forward(v[0]);
            return h * v[1];
        }, [Tensor.Randn([4, 3, 2, 2], seed: 1), Tensor.Randn([3, 2, 2], seed: 2)], atol: 2e-3, rtol: 2e-2);
    }

    [Fact]
    public void InitialisersHaveTheirDocumentedRanges()
    {
        var g = new Generator(11);
        using var xu = Init.XavierUniform([100, 50], g);
        float a = MathF.Sqrt(6f / 150);
        Assert.All(xu.ToArray(), v => Assert.InRange(v, -a, a));
        using var tn = Init.TruncatedNormal([5000], 0.1f, g);
        Assert.All(tn.ToArray(), v => Assert.InRange(v, -0.2f, 0.2f));
        using var kn = Init.KaimingNormal([200, 300], g);
        double var_ = kn.ToArray().Select(v => (double)v * v).Average();
        Assert.InRange(var_, 2.0 / 300 * 0.9, 2.0 / 300 * 1.1);
        using var ku = Init.KaimingUniform([200, 300], g);
        float b = MathF.Sqrt(6f / 300);
        Assert.All(ku.ToArray(), v => Assert.InRange(v, -b, b));
        double kuVar = ku.ToArray().Select(v => (double)v * v).Average();
        Assert.InRange(kuVar, 2.0 / 300 * 0.9, 2.0 / 300 * 1.1);
        // A standard normal truncated to [-2, 2] has variance 1 - 4 phi(2) / (2 Phi(2) - 1) = 0.7737.
        double tnVar = tn.ToArray().Select(v => (double)v * v).Average() / (0.1 * 0.1);
        Assert.InRange(tnVar, 0.7737 * 0.93, 0.7737 * 1.07);
        using var z = Init.Zeros([3, 4]);
        Assert.All(z.ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal((3 * 25, 8 * 25), Init.Fans([8, 3, 5, 5]));
    }
}
