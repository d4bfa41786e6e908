using KdGan.Tensors;

namespace KdGan.Autograd.Tests;

public class EngineTests
{
    [Fact]
    public void AVariableUsedTwiceGetsBothContributions()
    {
        using var x = new Variable(Tensor.FromArray(new float[] { 3f }), requiresGrad: true);
        using var y = x * x;        // dy/dx = 2x = 6
        using var z = y + x;        // dz/dx = 2x + 1 = 7
        z.Backward();
        Assert.Equal(7f, x.Grad!.Item());
    }

    [Fact]
    public void AGivenGradientIsReadNotKept()
    {
        // Backward(g) reads the caller's g in place (no copy); a leaf reached by g itself or by a view of it (reshape's
        // backward) still gets a gradient of its own, which later changes to g do not reach.
        using var x = new Variable(Tensor.FromArray(new float[] { 1, 2, 3, 4 }, [2, 2]), requiresGrad: true);
        using var g = Tensor.FromArray(new float[] { 5, 6, 7, 8 }, [4]);
        using (var flat = x.Reshape(4)) flat.Backward(g);
        x.Backward(Tensor.FromArray(new float[] { 1, 1, 1, 1 }, [2, 2]));
        g.Fill_(0f);
        Assert.Equal([6f, 7f, 8f, 9f], x.Grad!.ToArray());
        using var leaf = new Variable(Tensor.FromArray(new float[] { 1, 2 }), requiresGrad: true);
        using var g2 = Tensor.FromArray(new float[] { 3, 4 });
        leaf.Backward(g2);
        g2.Fill_(0f);
        Assert.Equal([3f, 4f], leaf.Grad!.ToArray());
        g.Fill_(5f); // the caller's tensor is still its own, and alive
        Assert.Equal([5f, 5f, 5f, 5f], g.ToArray());
    }

    [Fact]
    public void ReciprocalAndScalarOverVariableMatchPyTorch()
    {
        // torch: x.reciprocal() and 2 / x, values and gradients; 1/0 = inf with gradient -inf.
        using var x = new Variable(Tensor.FromArray(new float[] { 2f, -4f, 0.5f, 0f }), requiresGrad: true);
        using (var r = x.Reciprocal())
        {
            Assert.Equal(new[] { 0.5f, -0.25f, 2f, float.PositiveInfinity }, r.ToArray());
            using var s = r.Sum();
            s.Backward();
        }
        Assert.Equal(new[] { -0.25f, -0.0625f, -4f, float.NegativeInfinity }, x.Grad!.ToArray());
        x.ZeroGrad();
        using (var q = 2f / x)
        {
            Assert.Equal(new[] { 1f, -0.5f, 4f, float.PositiveInfinity }, q.ToArray());
            using var s = q.Sum();
            s.Backward();
        }
        Assert.Equal(new[] { -0.5f, -0.125f, -8f, float.NegativeInfinity }, x.Grad!.ToArray());
    }

    [Fact]
    public void LeafGradientsAccumulateAcrossBackwardCallsUntilZeroed()
    {
        using var x = new Variable(Tensor.FromArray(new float[] { 2f, -1f }), requiresGrad: true);
        for (int i = 0; i < 2; i++)
        {
            using var y = x * 3f;
            using var s = y.Sum();
            s.Backward();
        }
        Assert.Equal(new float[] { 6, 6 }, x.Grad!.ToArray());
        x.ZeroGrad();
        Assert.Null(x.Grad);
    }

    [Fact]
    public void NoGradRecordsNothingAndDetachCutsTheGraph()
    {
        using var x = new Variable(Tensor.Ones([2]), requiresGrad: true);
        using (GradMode.NoGrad())
        {
            using var y = x * 2f;
            Assert.False(y.RequiresGrad);
            Assert.Null(y.GradFn);
        }
        using var d = x.Detach();
        Assert.False(d.RequiresGrad);
        Assert.Same(x.Data.Storage, d.Data.Storage);
        using var z = x * 2f;
        Assert.Equal("AffineScalar", z.GradFn!.Name);
    }

    [Fact]
    public void TheGraphIsFreedAfterBackwardUnlessRetained()
    {
        using var x = new Variable(Tensor.FromArray(new float[] { 1f, 2f }), requiresGrad: true);
        using var y = x.Exp();
        using var s = y.Sum();
        s.Backward(retainGraph: true);
        s.Backward();
        using var e = Tensor.FromArray(new float[] { 1f, 2f }).Exp();
        Assert.Equal((e * 2f).ToArray(), x.Grad!.ToArray());
        Assert.Null(s.GradFn);
        var ex = Assert.Throws<InvalidOperationException>(() => s.Backward());
        Assert.Contains("retainGraph", ex.Message);
    }

    [Fact]
    public void ImplicitGradientOnlyForOneElementOutputs()
    {
        using var x = new Variable(Tensor.Ones([3]), requiresGrad: true);
        using var y = x * 2f;
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("[3]", ex.Message);
        using var c = new Variable(Tensor.Ones([1]));
        Assert.Throws<InvalidOperationException>(() => c.Backward());
    }

    /// <summary>A deliberately wrong Function: its gradient has the wrong shape.</summary>
    private sealed class BadShapeFunction : Function
    {
        public static Variable Apply(Variable x) => new BadShapeFunction().Record(x.Data.Clone(), x);
        protected override Tensor?[] Backward(Tensor grad) => [Tensor.Zeros([(int)grad.NumElements + 1])];
    }

    [Fact]
    public void AGradientOfTheWrongShapeIsReportedWithTheOp()
    {
        using var x = new Variable(Tensor.Ones([2, 2]), requiresGrad: true);
        using var y = BadShapeFunction.Apply(x);
        using var s = y.Sum();
        var ex = Assert.Throws<InvalidOperationException>(() => s.Backward());
        Assert.Contains("BadShape", ex.Message);
        Assert.Contains("[5]", ex.Message);
        Assert.Contains("[2, 2]", ex.Message);
    }

    [Fact]
    public void AScopeFreesEveryTemporaryOfForwardAndBackward()
    {
        using var w = new Variable(Tensor.Randn([8, 4], seed: 1), requiresGrad: true);
        using var x = Tensor.Randn([16, 8], seed: 2);
        void Step()
        {
            using var scope = TensorScope.Begin();
            var h = Variable.MatMul(x, w).Tanh();
            var loss = Functional.CrossEntropy(h, [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
            loss.Backward();
        }
        Step(); // creates w.Grad, which outlives the scope
        var before = MemoryStats.Snapshot(Device.Cpu);
        Step();
        var after = MemoryStats.Snapshot(Device.Cpu);
        Assert.Equal(before.LiveTensors, after.LiveTensors);
        Assert.Equal(before.BytesInUse, after.BytesInUse);
        Assert.NotNull(w.Grad);
        Assert.False(w.Grad!.IsDisposed);
    }

    [Fact]
    public void ToStringShowsTheGradFn()
    {
        using var x = new Variable(Tensor.FromArray(new float[] { 1f, 2f }), requiresGrad: true);
        using var y = x * x;
        Assert.Equal("tensor([1., 2.], requires_grad=True)", x.ToString());
        Assert.Equal("tensor([1., 4.], grad_fn=<Mul>)", y.ToString());
    }
}
