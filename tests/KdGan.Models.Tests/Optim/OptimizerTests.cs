using KdGan.Autograd;
using KdGan.Models.Optim;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Optim;

/// <summary>Replays a few steps on fixed gradients and compares with PyTorch's update rules worked out in double.</summary>
public class OptimizerTests
{
    private static readonly double[][] Grads = [[0.5, -1.0, 0.0], [0.1, 0.3, -2.0], [-0.2, 0.4, 1e-4], [0.7, -0.7, 0.25]];
    private static readonly double[] Start = [1.0, -2.0, 0.5];

    /// <summary>Runs the optimizer on one parameter with the fixed gradients; returns the value after each step.</summary>
    private static List<float[]> Run(Func<Variable, Optimizer> make)
    {
        using var p = new Variable(Tensor.FromArray(Start.Select(v => (float)v).ToArray()), requiresGrad: true);
        using var opt = make(p);
        var history = new List<float[]>();
        foreach (var g in Grads)
        {
            // dL/dp = g for L = sum(g * p)
            using var gt = Tensor.FromArray(g.Select(v => (float)v).ToArray());
            using (var loss = (p * gt).Sum()) loss.Backward();
            opt.Step();
            opt.ZeroGrad();
            history.Add(p.ToArray());
        }
        return history;
    }

    private static void AssertMatches(List<double[]> expected, List<float[]> actual)
    {
        for (int s = 0; s < expected.Count; s++)
            for (int i = 0; i < expected[s].Length; i++)
                Assert.True(Math.Abs(expected[s][i] - actual[s][i]) <= 1e-6 + 1e-6 * Math.Abs(expected[s][i]),
                    $"step {s + 1}, element {i}: {actual[s][i]} vs expected {expected[s][i]}");
    }

    [Theory]
    [InlineData(0.0, false, 0.0)]
    [InlineData(0.9, false, 0.0)]
    [InlineData(0.9, true, 0.0)]
    [InlineData(0.5, false, 0.01)]
    public void SgdFollowsPyTorch(double mu, bool nesterov, double wd)
    {
        const double lr = 0.1;
        var p = (double[])Start.Clone();
        double[]? buf = null;
        var expected = new List<double[]>();
        foreach (var g in Grads)
        {
            var d = g.Select((v, i) => v + wd * p[i]).ToArray();
            if (mu != 0)
            {
                buf = buf is null ? (double[])d.Clone() : buf.Select((b, i) => mu * b + d[i]).ToArray();
                d = nesterov ? d.Select((v, i) => v + mu * buf[i]).ToArray() : buf;
            }
            p = p.Select((v, i) => v - lr * d[i]).ToArray();
            expected.Add(p);
        }
        AssertMatches(expected, Run(v => new Sgd([v], (float)lr, (float)mu, nesterov, (float)wd)));
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.1, false)]
    [InlineData(0.1, true)]
    public void AdamFollowsPyTorch(double wd, bool decoupled)
    {
        const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var p = (double[])Start.Clone();
        var m = new double[3];
        var v = new double[3];
        var expected = new List<double[]>();
        int t = 0;
        foreach (var g0 in Grads)
        {
            t++;
            var g = (double[])g0.Clone();
            if (wd != 0)
            {
                if (decoupled) p = p.Select(x => x * (1 - lr * wd)).ToArray();
                else g = g.Select((x, i) => x + wd * p[i]).ToArray();
            }
            for (int i = 0; i < 3; i++)
            {
                m[i] = m[i] + (1 - b1) * (g[i] - m[i]);
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double denom = Math.Sqrt(v[i]) / Math.Sqrt(1 - Math.Pow(b2, t)) + eps;
                p[i] -= lr / (1 - Math.Pow(b1, t)) * m[i] / denom;
            }
            expected.Add((double[])p.Clone());
        }
        AssertMatches(expected, Run(x => new Adam([x], (float)lr, weightDecay: (float)wd, decoupledWeightDecay: decoupled)));
    }

    [Fact]
    public void AdamFirstStepMovesEachWeightByTheLearningRate()
    {
        // m_hat / sqrt(v_hat) = g / |g| on step 1: a known property of Adam (and PyTorch's output).
        var history = Run(v => new Adam([v], 0.1f));
        Assert.Equal(1.0 - 0.1, history[0][0], 5);
        Assert.Equal(-2.0 + 0.1, history[0][1], 5);
        Assert.Equal(0.5, history[0][2], 5); // zero gradient: no move
    }

    [Fact]
    public void SchedulesAndClipping()
    {
        using var p = new Variable(Tensor.Ones([2]), requiresGrad: true);
        using var opt = new Sgd([p], 1f);
        var exp = new ExponentialLr(opt, 0.5f);
        exp.Step();
        exp.Step();
        Assert.Equal(0.25f, opt.LearningRate);
        opt.LearningRate = 1f;
        var step = new StepLr(opt, stepSize: 3, gamma: 0.1f);
        Assert.Equal(1f, step.LearningRateAt(2));
        Assert.Equal(0.1f, step.LearningRateAt(3), 6);
        step.SetEpoch(6);
        Assert.Equal(0.01f, opt.LearningRate, 6);

        using (var loss = (p * Tensor.FromArray(new float[] { 3f, 4f })).Sum()) loss.Backward();
        float norm = GradClip.ClipByNorm([p], 1f);
        Assert.Equal(5f, norm, 5);
        Assert.Equal(new[] { 0.6f, 0.8f }, p.Grad!.ToArray().Select(v => MathF.Round(v, 5)).ToArray());
    }

    [Fact]
    public void BadSettingsAreRejected()
    {
        using var p = new Variable(Tensor.Ones([2]), requiresGrad: true);
        Assert.Contains("beta1", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], beta1: 1f)).Message);
        Assert.Contains("learning rate", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([p], -1f)).Message);
        Assert.Contains("Nesterov", Assert.Throws<ArgumentException>(() => new Sgd([p], 0.1f, nesterov: true)).Message);
        using var nograd = new Variable(Tensor.Ones([2]));
        Assert.Contains("requires a gradient", Assert.Throws<ArgumentException>(() => new Sgd([nograd], 0.1f)).Message);
    }
}
