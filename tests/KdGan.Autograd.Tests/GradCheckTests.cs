using KdGan.Tensors;
using static KdGan.Autograd.Tests.Inputs;

namespace KdGan.Autograd.Tests;

internal static class Inputs
{
    /// <summary>Values in +-[0.2, 1.2]: away from the kinks of relu/abs and from 0 for log/div.</summary>
    public static Tensor Away(Shape shape, int seed)
    {
        var rng = new Random(seed);
        var v = new float[shape.NumElements];
        for (int i = 0; i < v.Length; i++) v[i] = (rng.Next(2) == 0 ? -1 : 1) * (0.2f + (float)rng.NextDouble());
        return Tensor.FromArray(v, shape);
    }

    public static Tensor Positive(Shape shape, int seed)
    {
        using var a = Away(shape, seed);
        using var abs = a.Abs();
        return abs + 0.1f;
    }

    /// <summary>Distinct values spaced at least 0.05 apart (no ties within a finite-difference step).</summary>
    public static Tensor Distinct(Shape shape, int seed)
    {
        var rng = new Random(seed);
        var v = Enumerable.Range(0, (int)shape.NumElements).Select(i => i * 0.05f - 1f).OrderBy(_ => rng.Next()).ToArray();
        return Tensor.FromArray(v, shape);
    }
}

/// <summary>Runs GradCheck with the inputs moved to the device a subclass names.</summary>
public abstract class DeviceGradCheck
{
    protected abstract Device Target { get; }

    protected void Check(string name, Func<Variable[], Variable> f, params Tensor[] cpuInputs)
    {
        var inputs = cpuInputs.Select(t => t.Device.Equals(Target) ? t : t.To(Target)).ToArray();
        try
        {
            Assert.All(inputs, t => Assert.Equal(Target, t.Device));
            GradCheck.Assert($"{name} on {Target}", f, inputs);
        }
        finally
        {
            foreach (var t in inputs.Concat(cpuInputs).Distinct()) t.Dispose();
        }
    }
}

/// <summary>
/// Every Function's backward against central finite differences (GradCheck), written once and run on every
/// backend by a thin subclass naming the device (inputs are made on the CPU and moved there). Shapes are kept
/// small: on ILGPU's CPU accelerator each kernel launch wakes hundreds of OS threads.
/// </summary>
public abstract class GradCheckSuite : DeviceGradCheck
{
    [Fact] public void Add() => Check("add (broadcast)", v => v[0] + v[1], Away([3, 1, 4], 1), Away([5, 1], 2));
    [Fact] public void Sub() => Check("sub (broadcast)", v => v[0] - v[1], Away([2, 3], 1), Away([3], 2));
    [Fact] public void Mul() => Check("mul (broadcast)", v => v[0] * v[1], Away([4, 3], 1), Away([4, 1], 2));
    [Fact] public void Div() => Check("div", v => v[0] / v[1], Away([3, 4], 1), Positive([4], 2));
    [Fact] public void Neg() => Check("neg", v => -v[0], Away([5], 1));
    [Fact] public void ScalarAffine() => Check("3 - 2x / 4 + 1", v => { using var a = v[0] * 2f; using var b = a / 4f; using var c = 3f - b; return c + 1f; }, Away([6], 1));
    [Fact] public void Exp() => Check("exp", v => v[0].Exp(), Away([7], 1));
    [Fact] public void Log() => Check("log", v => v[0].Log(), Positive([7], 1));
    [Fact] public void Sqrt() => Check("sqrt", v => v[0].Sqrt(), Positive([7], 1));
    [Fact] public void Reciprocal() => Check("reciprocal", v => v[0].Reciprocal(), Away([7], 1));
    [Fact] public void ScalarOverX() => Check("-3 / x (broadcast after)", v => { using var r = -3f / v[0]; return r * v[1]; }, Away([2, 3], 1), Away([3], 2));
    [Fact] public void Pow() => Check("pow 2.5", v => v[0].Pow(2.5f), Positive([7], 1));
    [Fact] public void Square() => Check("square", v => v[0].Square(), Away([7], 1));
    [Fact] public void Abs() => Check("abs", v => v[0].Abs(), Away([9], 1));
    [Fact] public void Relu() => Check("relu", v => v[0].Relu(), Away([9], 1));
    [Fact] public void LeakyRelu() => Check("leaky relu", v => v[0].LeakyRelu(0.1f), Away([9], 1));
    [Fact] public void Sigmoid() => Check("sigmoid", v => v[0].Sigmoid(), Away([9], 1));
    [Fact] public void Tanh() => Check("tanh", v => v[0].Tanh(), Away([9], 1));
    [Fact] public void Maximum() => Check("maximum (broadcast)", v => Variable.Maximum(v[0], v[1]), Distinct([3, 4], 1), Distinct([4], 2));
    [Fact] public void Minimum() => Check("minimum", v => Variable.Minimum(v[0], v[1]), Distinct([3, 4], 3), Distinct([3, 4], 4));
    [Fact] public void SumAll() => Check("sum", v => v[0].Sum(), Away([3, 4], 1));
    [Fact] public void SumAxes() => Check("sum axes 0,2", v => v[0].Sum([0, 2]), Away([2, 3, 4], 1));
    [Fact] public void SumKeepDim() => Check("sum axis 1 keepdim", v => v[0].Sum(1, keepDim: true), Away([2, 3, 4], 1));
    [Fact] public void Mean() => Check("mean axis -1", v => v[0].Mean(-1), Away([3, 5], 1));
    [Fact] public void Max() => Check("max axis 1", v => v[0].Max(1), Distinct([3, 4, 2], 1));
    [Fact] public void MaxAll() => Check("max", v => v[0].Max(), Distinct([3, 4], 1));
    [Fact] public void MatMul() => Check("matmul", v => Variable.MatMul(v[0], v[1]), Away([3, 4], 1), Away([4, 5], 2));
    [Fact] public void BatchedMatMulWithBroadcast() => Check("matmul batched", v => Variable.MatMul(v[0], v[1]), Away([2, 1, 2, 3], 1), Away([2, 3, 2], 2));
    [Fact] public void MatVec() => Check("matmul 1-D", v => Variable.MatMul(v[0], v[1]), Away([3, 4], 1), Away([4], 2));
    [Fact] public void VecMat() => Check("matmul 1-D left", v => Variable.MatMul(v[0], v[1]), Away([4], 1), Away([4, 2], 2));
    [Fact] public void Softmax() => Check("softmax T=1", v => v[0].Softmax(), Away([3, 5], 1));
    [Fact] public void SoftmaxWithTemperature() => Check("softmax T=2.5", v => v[0].Softmax(2.5f), Away([3, 5], 1));
    [Fact] public void LogSoftmax() => Check("log-softmax T=0.5", v => v[0].LogSoftmax(0.5f), Away([3, 5], 1));
    [Fact] public void Reshape() => Check("reshape", v => { using var r = v[0].Reshape(4, 3); using var rt = r.T(); return Variable.MatMul(r, rt); }, Away([2, 6], 1));
    [Fact] public void Permute() => Check("permute", v => { using var p = v[0].Permute(2, 0, 1); return p * p; }, Away([2, 3, 4], 1));
    [Fact] public void Expand() => Check("expand", v => { using var e = v[0].Expand([3, 4]); return e.Exp(); }, Away([3, 1], 1));
    [Fact] public void Slice() => Check("slice", v => { using var s = v[0].Slice(1, 1, 5, 2); return s.Square(); }, Away([3, 6], 1));
    [Fact] public void UnsqueezeSqueezeFlatten() => Check("unsqueeze/squeeze/flatten", v => { using var u = v[0].Unsqueeze(1); using var s = u.Squeeze(1); using var f = s.Flatten(0); return f.Tanh(); }, Away([2, 3], 1));
    [Fact] public void Concat() => Check("concat", v => { using var c = Variable.Concat([v[0], v[1]], 1); return c.Sigmoid(); }, Away([2, 3], 1), Away([2, 2], 2));
    [Fact] public void Stack() => Check("stack", v => { using var s = Variable.Stack([v[0], v[1]], 1); return s.Exp(); }, Away([2, 3], 1), Away([2, 3], 2));
    [Fact] public void Gather() => Check("gather", v => { using var g = v[0].Gather([2, 0, 3]); return g.Square(); }, Away([3, 4], 1));
    [Fact]
    public void GatherAlongDim() => Check("gather(dim 0, index) of a transposed view, an entry picked twice", v =>
    {
        using var t = v[0].Transpose(0, 1); // [4, 3]
        using var index = Tensor.FromArray([3, 0, 3, 1, 1, 2], [2, 3]);
        using var g = t.Gather(0, index);
        return g.Square();
    }, Away([3, 4], 1));

    [Fact] public void LogSumExp() => Check("logsumexp", v => Functional.LogSumExp(v[0]), Away([3, 5], 1));
    [Fact] public void CrossEntropyIntegerLabels() => Check("cross-entropy", v => Functional.CrossEntropy(v[0], [1, 0, 4]), Away([3, 5], 1));
    [Fact] public void CrossEntropyClassesOnAxis1() => Check("cross-entropy [N, C, d]", v => Functional.CrossEntropy(v[0], [1, 0, 3, 2, 0, 1]), Away([2, 4, 3], 1));
    [Fact] public void CrossEntropySoftTargets() => Check("soft cross-entropy", v => { using var q = v[1].Softmax(); return Functional.CrossEntropy(v[0], q, 2f); }, Away([2, 4], 1), Away([2, 4], 2));
    [Fact] public void FunctionalLinear() => Check("linear with bias", v => Functional.Linear(v[0], v[1], v[2]), Away([3, 4], 1), Away([2, 4], 2), Away([2], 3));
    [Fact] public void Softplus() => Check("softplus", v => Functional.Softplus(v[0]), Away([3, 4], 1));
    [Fact] public void BinaryCrossEntropyWithLogits() => Check("bce with logits", v => { using var t = v[1].Sigmoid(); return Functional.BinaryCrossEntropyWithLogits(v[0], t); }, Away([2, 3], 1), Away([2, 3], 2));
    [Fact] public void Mse() => Check("mse", v => Functional.MseLoss(v[0], v[1]), Away([3, 4], 1), Away([3, 4], 2));
    [Fact] public void KlDivProbabilities() => Check("kl_div batchmean", v => Functional.KlDiv(v[0], v[1], Reduction.BatchMean), Away([2, 3], 1), Positive([2, 3], 2));
    [Fact] public void KlDivLogTarget() => Check("kl_div log_target, none", v => Functional.KlDiv(v[0], v[1], Reduction.None, logTarget: true), Away([2, 3], 1), Away([2, 3], 2));
    [Fact] public void DistillationKl() => Check("distillation kl T=3", v => Functional.DistillationKl(v[0], v[1], 3f), Away([2, 4], 1), Away([2, 4], 2));

    [Fact]
    public void FanOutAndReuse() => Check("x*x + exp(x)*x + x@x^T broadcast", v =>
    {
        using var xx = v[0] * v[0];
        using var ex = v[0].Exp();
        using var exx = ex * v[0];
        using var s = xx + exx;
        using var m = Variable.MatMul(v[0], v[0].T());
        using var ms = m.Sum(1, keepDim: true);
        using var y = s + ms;
        return y * v[1];
    }, Away([3, 4], 1), Away([4], 2));

    // Fan-out: one variable reaching the output along several paths, whose gradients the engine must add up.
    [Fact] public void ConcatOfTheSameInputTwice() => Check("concat [x, x]", v => { using var c = Variable.Concat([v[0], v[0]], 0); return c.Sigmoid(); }, Away([2, 3], 1));

    [Fact]
    public void OverlappingSlicesAdded() => Check("x[:, 0:4] + x[:, 2:6]", v =>
    {
        using var a = v[0].Slice(1, 0, 4);
        using var b = v[0].Slice(1, 2, 6);
        using var s = a + b;
        return s.Tanh();
    }, Away([3, 6], 1));

    [Fact]
    public void TwoOpsOfOneInputMultiplied() => Check("sigmoid(x) * sum(x, 1, keepdim)", v =>
    {
        using var s = v[0].Sigmoid();
        using var m = v[0].Sum(1, keepDim: true);
        return s * m;
    }, Away([3, 4], 1));
}

/// <summary>The finite-difference suite on the CPU backend.</summary>
public sealed class CpuGradCheckTests : GradCheckSuite
{
    protected override Device Target => Device.Cpu;
}
