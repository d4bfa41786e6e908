using KdGan.Autograd.Functions;
using KdGan.Tensors;

namespace KdGan.Autograd;

// The differentiable operations, as users call them. Each forwards to one Function.
public sealed partial class Variable
{
    public static Variable operator +(Variable a, Variable b) => AddFunction.Apply(a, b);
    public static Variable operator -(Variable a, Variable b) => SubFunction.Apply(a, b);
    public static Variable operator *(Variable a, Variable b) => MulFunction.Apply(a, b);
    public static Variable operator /(Variable a, Variable b) => DivFunction.Apply(a, b);
    public static Variable operator -(Variable a) => NegFunction.Apply(a);
    public static Variable operator +(Variable a, float s) => AffineScalarFunction.Apply(a, 1f, s);
    public static Variable operator +(float s, Variable a) => AffineScalarFunction.Apply(a, 1f, s);
    public static Variable operator -(Variable a, float s) => AffineScalarFunction.Apply(a, 1f, -s);
    public static Variable operator -(float s, Variable a) => AffineScalarFunction.Apply(a, -1f, s);
    public static Variable operator *(Variable a, float s) => AffineScalarFunction.Apply(a, s, 0f);
    public static Variable operator *(float s, Variable a) => AffineScalarFunction.Apply(a, s, 0f);
    public static Variable operator /(Variable a, float s) => AffineScalarFunction.Apply(a, 1f / s, 0f);
    public static Variable operator /(float s, Variable a) => ReciprocalFunction.Apply(a, s);

    public Variable Exp() => ExpFunction.Apply(this);
    public Variable Log() => LogFunction.Apply(this);
    public Variable Sqrt() => SqrtFunction.Apply(this);
    public Variable Reciprocal() => ReciprocalFunction.Apply(this);
    public Variable Pow(float p) => PowFunction.Apply(this, p);
    public Variable Square() => PowFunction.Apply(this, 2f);
    public Variable Abs() => AbsFunction.Apply(this);
    public Variable Relu() => ReluFunction.Apply(this);
    public Variable LeakyRelu(float slope = 0.01f) => ReluFunction.Apply(this, slope);
    public Variable Sigmoid() => SigmoidFunction.Apply(this);
    public Variable Tanh() => TanhFunction.Apply(this);
    public static Variable Maximum(Variable a, Variable b) => MinMaxFunction.Apply(a, b, isMax: true);
    public static Variable Minimum(Variable a, Variable b) => MinMaxFunction.Apply(a, b, isMax: false);

    public Variable Sum(int[]? axes = null, bool keepDim = false) => SumFunction.Apply(this, axes, keepDim, mean: false);
    public Variable Sum(int axis, bool keepDim = false) => Sum([axis], keepDim);
    public Variable Mean(int[]? axes = null, bool keepDim = false) => SumFunction.Apply(this, axes, keepDim, mean: true);
    public Variable Mean(int axis, bool keepDim = false) => Mean([axis], keepDim);
    public Variable Max(int[]? axes = null, bool keepDim = false) => MaxFunction.Apply(this, axes, keepDim);
    public Variable Max(int axis, bool keepDim = false) => Max([axis], keepDim);

    public static Variable MatMul(Variable a, Variable b) => MatMulFunction.Apply(a, b);
    /// <summary>x W^T for a weight W [out, in] (a linear layer before its bias); the same bits as MatMul(x, W.T()).</summary>
    public static Variable Linear(Variable x, Variable weight) => LinearFunction.Apply(x, weight);
    public Variable Softmax(float temperature = 1f) => SoftmaxFunction.Apply(this, temperature);
    public Variable LogSoftmax(float temperature = 1f) => LogSoftmaxFunction.Apply(this, temperature);

    public Variable Reshape(params int[] dims) => ReshapeFunction.Apply(this, dims);
    public Variable Flatten(int startAxis = 1)
    {
        int a = Shape.NormalizeAxis(startAxis, Rank, "Flatten");
        long rest = Shape.ToArray().Skip(a).Aggregate(1L, (p, d) => p * d);
        return Reshape([.. Shape.ToArray().Take(a), (int)rest]);
    }
    public Variable Unsqueeze(int axis)
    {
        int a = Shape.NormalizeAxis(axis, Rank + 1, "Unsqueeze");
        var dims = Shape.ToArray().ToList();
        dims.Insert(a, 1);
        return Reshape(dims.ToArray());
    }
    public Variable Squeeze(int axis)
    {
        int a = Shape.NormalizeAxis(axis, Rank, "Squeeze");
        if (Shape[a] != 1) throw new ArgumentException($"Squeeze: axis {axis} has size {Shape[a]}, not 1 (shape {Shape}).");
        var dims = Shape.ToArray().ToList();
        dims.RemoveAt(a);
        return Reshape(dims.ToArray());
    }
    public Variable Permute(params int[] axes) => PermuteFunction.Apply(this, axes);
    public Variable Transpose(int axis0, int axis1)
    {
        var order = Enumerable.Range(0, Rank).ToArray();
        int a = Shape.NormalizeAxis(axis0, Rank, "Transpose"), b = Shape.NormalizeAxis(axis1, Rank, "Transpose");
        (order[a], order[b]) = (order[b], order[a]);
        return Permute(order);
    }
    public Variable T()
    {
        if (Rank != 2) throw new InvalidOperationException($"T(): expects a 2-D variable, got shape {Shape}.");
        return Transpose(0, 1);
    }
    public Variable Expand(Shape shape) => ExpandFunction.Apply(this, shape);
    public Variable Slice(int axis, int start, int end, int step = 1) => SliceFunction.Apply(this, axis, start, end, step);

    public static Variable Concat(IReadOnlyList<Variable> xs, int axis = 0) => ConcatFunction.Apply(xs, axis);

    /// <summary>Joins equally shaped variables along a new axis.</summary>
    public static Variable Stack(IReadOnlyList<Variable> xs, int axis = 0)
    {
        if (xs.Count == 0) throw new ArgumentException("Stack: needs at least one tensor.");
        foreach (var x in xs)
            if (x.Shape != xs[0].Shape) throw new ArgumentException($"Stack: shapes {xs[0].Shape} and {x.Shape} differ.");
        var lifted = xs.Select(x => x.Unsqueeze(axis)).ToArray();
        var result = Concat(lifted, axis);
        foreach (var l in lifted) l.Data.Dispose();
        return result;
    }
}

public sealed partial class Variable
{
    /// <summary>2-D convolution (PyTorch's conv2d): x [N, C, H, W], weight [O, C, KH, KW], bias [O] or null.</summary>
    public static Variable Conv2d(Variable x, Variable weight, Variable? bias, int stride = 1, int padding = 0) =>
        Functions.Conv2dFunction.Apply(x, weight, bias, stride, padding);

    /// <summary>
    /// Training-mode batch norm of x [N, C, ...] over every axis but the channels (axis 1), fused: the output, and the
    /// batch mean and biased variance per channel (new tensors, owned by the caller; not part of the graph).
    /// </summary>
    public static (Variable Output, Tensor Mean, Tensor Variance) BatchNorm(Variable x, Variable gamma, Variable beta, float eps = 1e-5f) =>
        Functions.BatchNormFunction.Apply(x, gamma, beta, eps);

    public Variable MaxPool2d(int kernel, int stride = -1, int padding = 0) =>
        Functions.MaxPool2dFunction.Apply(this, kernel, stride < 0 ? kernel : stride, padding);

    public Variable AvgPool2d(int kernel, int stride = -1, int padding = 0) =>
        Functions.AvgPool2dFunction.Apply(this, kernel, stride < 0 ? kernel : stride, padding);

    /// <summary>
    /// Gumbel-softmax sample over <paramref name="dim"/> (PyTorch's gumbel_softmax; the last axis by default), its noise
    /// element i of the counter-based stream (seed, offset) in the logits' row-major order along that axis (as
    /// Tensor.Random(shape, Gumbel, seed, offset) for the last axis); <paramref name="hard"/> gives straight-through
    /// one-hot rows.
    /// </summary>
    public Variable GumbelSoftmax(float tau, bool hard, ulong seed, ulong offset, int dim = -1) =>
        OverAxis(dim, nameof(GumbelSoftmax), x => Functions.GumbelSoftmaxFunction.Apply(x, tau, hard, seed, offset));

    /// <summary>
    /// Gumbel-softmax with the noise given (PyTorch draws it inside gumbel_softmax; here it can be passed, as for tests
    /// or a replayed sample): y = softmax((logits + noise) / tau) over <paramref name="dim"/>, composed of differentiable
    /// ops; with <paramref name="hard"/>, the one-hot of y's argmax forward and y's gradient backward, as PyTorch's
    /// straight-through y_hard - y.detach() + y.
    /// </summary>
    public Variable GumbelSoftmax(Tensor noise, float tau, bool hard = false, int dim = -1)
    {
        if (noise.Shape != Shape) throw new ArgumentException($"GumbelSoftmax: noise {noise.Shape} and logits {Shape} differ.");
        if (!(tau > 0) || float.IsInfinity(tau)) throw new ArgumentOutOfRangeException(nameof(tau), $"GumbelSoftmax: tau must be positive and finite, got {tau}.");
        var g = new Variable(noise); // a constant wrapper: the caller keeps owning the noise
        using var perturbed = this + g;
        return perturbed.OverAxis(dim, nameof(GumbelSoftmax), x =>
        {
            var soft = x.Softmax(tau);
            if (!hard) return soft;
            using (soft)
            {
                using var oneHot = Functions.GumbelSoftmaxFunction.OneHotOfArgMax(soft.Data);
                using var gap = new Variable(oneHot - soft.Data); // a constant: the straight-through estimator
                return soft + gap;
            }
        });
    }

    /// <summary>Applies a last-axis op along <paramref name="dim"/>: that axis is swapped to the end and back.</summary>
    private Variable OverAxis(int dim, string op, Func<Variable, Variable> lastAxisOp)
    {
        int d = dim < 0 ? dim + Rank : dim;
        if (Rank == 0 || d < 0 || d >= Rank) throw new ArgumentOutOfRangeException(nameof(dim), $"{op}: dim {dim} is out of range for rank {Rank}.");
        if (d == Rank - 1) return lastAxisOp(this);
        using var moved = Transpose(d, Rank - 1);
        using var y = lastAxisOp(moved);
        return y.Transpose(d, Rank - 1);
    }
}
