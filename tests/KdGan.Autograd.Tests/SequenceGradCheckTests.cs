using KdGan.Testing;
using KdGan.Tensors;
using static KdGan.Autograd.Tests.Inputs;

namespace KdGan.Autograd.Tests;

/// <summary>
/// Finite-difference checks of the sequence Functions (fused LSTM cell, LSTM layer with backpropagation
/// through time, embedding), and the fused LSTM against the same cell composed from primitive ops, written once
/// and run on every backend by a subclass naming the device (see <see cref="GradCheckSuite"/>).
/// Every check uses GradCheck's default tolerance (atol 1e-3 + rtol 1e-2), the same for every time step.
/// The finite-difference checks here use tiny layers (<see cref="Tiny"/>: B 2, I 2, H 2, three steps): each
/// element of every weight costs two forward passes, and on ILGPU's CPU accelerator each step's kernels wake
/// hundreds of OS threads. The CPU subclass repeats them on a wider layer and longer sequences.
/// </summary>
public abstract class SequenceGradCheckSuite : DeviceGradCheck
{
    /// <summary>Batch, input and hidden sizes of a test layer.</summary>
    protected readonly record struct Dims(int B, int I, int H);

    protected static readonly Dims Tiny = new(2, 2, 2);
    protected static readonly Dims Wide = new(2, 3, 4);

    /// <summary>The inputs (made on the CPU) moved to the target device; the CPU originals are disposed.</summary>
    private Tensor[] OnTarget(Tensor[] cpuInputs) =>
        cpuInputs.Select(t =>
        {
            if (t.Device.Equals(Target)) return t;
            using (t) return t.To(Target);
        }).ToArray();

    /// <summary>x, h, c, weight_ih, weight_hh, bias_ih, bias_hh with PyTorch-like scales.</summary>
    protected static Tensor[] CellInputs(Dims d, int seed) =>
    [
        Away([d.B, d.I], seed), Away([d.B, d.H], seed + 1), Away([d.B, d.H], seed + 2),
        Scaled([4 * d.H, d.I], seed + 3), Scaled([4 * d.H, d.H], seed + 4), Scaled([4 * d.H], seed + 5), Scaled([4 * d.H], seed + 6),
    ];

    private static Tensor Scaled(Shape shape, int seed)
    {
        using var a = Away(shape, seed);
        return a * 0.6f;
    }

    /// <summary>The inputs at <paramref name="keep"/>; the others are disposed.</summary>
    private static Tensor[] Pick(Tensor[] all, params int[] keep)
    {
        foreach (var t in all.Where((_, k) => !keep.Contains(k))) t.Dispose();
        return [.. keep.Select(k => all[k])];
    }

    private static Variable Both((Variable H, Variable C) s)
    {
        using (s.H) using (s.C) return Variable.Concat([s.H, s.C], 1);
    }

    protected void CheckCell(Dims d, int seed) =>
        Check($"fused lstm cell {d}", v => Both(Variable.LstmCell(v[0], v[1], v[2], v[3], v[4], v[5], v[6])), CellInputs(d, seed));

    [Fact] public void FusedLstmCell() => CheckCell(Tiny, 1);

    [Fact]
    public void FusedLstmCellWithoutBiases() =>
        Check("fused lstm cell, no bias", v => Both(Variable.LstmCell(v[0], v[1], v[2], v[3], v[4])), Pick(CellInputs(Tiny, 11), 0, 1, 2, 3, 4));

    [Fact]
    public void FusedCellMatchesComposedCellInValuesAndGradients()
    {
        var inputs = OnTarget(CellInputs(Wide, 21));
        var fusedVars = inputs.Select(t => new Variable(t.Clone(), requiresGrad: true)).ToArray();
        var composedVars = inputs.Select(t => new Variable(t.Clone(), requiresGrad: true)).ToArray();
        try
        {
            using var fused = Both(Variable.LstmCell(fusedVars[0], fusedVars[1], fusedVars[2], fusedVars[3], fusedVars[4], fusedVars[5], fusedVars[6]));
            using var composed = Both(Variable.LstmCellComposed(composedVars[0], composedVars[1], composedVars[2], composedVars[3], composedVars[4], composedVars[5], composedVars[6]));
            Assert.Equal(Target, fused.Device);
            Tolerance.AssertClose(composed.ToArray(), fused.ToArray(), 1e-5, 1e-5, "cell values");
            using var w = Tensor.Randn(fused.Shape, seed: 5, device: Target);
            fused.Backward(w);
            composed.Backward(w);
            for (int k = 0; k < inputs.Length; k++)
                Tolerance.AssertClose(composedVars[k].Grad!.ToArray(), fusedVars[k].Grad!.ToArray(), 1e-5, 1e-5, $"gradient of input {k}");
        }
        finally
        {
            foreach (var v in fusedVars.Concat(composedVars)) v.Dispose();
            foreach (var t in inputs) t.Dispose();
        }
    }

    /// <summary>x [B, T, I], h0, c0, weight_ih, weight_hh, bias_ih, bias_hh.</summary>
    protected static Tensor[] SequenceInputs(Dims d, int steps, int seed) =>
    [
        Away([d.B, steps, d.I], seed), Away([d.B, d.H], seed + 1), Away([d.B, d.H], seed + 2),
        Scaled([4 * d.H, d.I], seed + 3), Scaled([4 * d.H, d.H], seed + 4), Scaled([4 * d.H], seed + 5), Scaled([4 * d.H], seed + 6),
    ];

    /// <summary>The outputs of every step, then c_T: [B, T*H + H].</summary>
    private static Variable AllOutputs((Variable Output, Variable H, Variable C) r)
    {
        using (r.Output) using (r.H) using (r.C)
        using (var flat = r.Output.Flatten())
            return Variable.Concat([flat, r.C], 1);
    }

    protected void CheckLstm(Dims d, int steps, int seed) =>
        Check($"lstm {d} T={steps}", v => AllOutputs(Variable.Lstm(v[0], v[1], v[2], v[3], v[4], v[5], v[6])), SequenceInputs(d, steps, seed));

    [Fact] public void LstmOverThreeStepsWithInitialState() => CheckLstm(Tiny, 3, 31);

    [Fact]
    public void LstmOverThreeStepsFromZeroStateWithoutBiases() =>
        Check("lstm T=3, zero state, no bias", v => AllOutputs(Variable.Lstm(v[0], null, null, v[1], v[2])),
            Pick(SequenceInputs(Tiny, 3, 41), 0, 3, 4));

    /// <summary>d h_t / d(everything) for each t alone: a late step's gradient flows back through all earlier ones.</summary>
    protected void CheckEveryStepSeparately(Dims d, int steps, int seed)
    {
        for (int t = 0; t < steps; t++)
        {
            int step = t;
            Check($"lstm h_{step} of {d} T={steps}", v =>
            {
                var (output, h, c) = Variable.Lstm(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
                using (output) using (h) using (c)
                using (var slice = output.Slice(1, step, step + 1))
                    return slice.Reshape(d.B, d.H);
            }, SequenceInputs(d, steps, seed));
        }
    }

    [Fact] public void LstmGradientOfEveryStepSeparatelyWithTheSameTolerance() => CheckEveryStepSeparately(Tiny, 3, 51);

    protected void CheckStacked(Dims d, int steps, int seed) =>
        Check($"stacked lstm {d}, 2 layers, T={steps}", v =>
        {
            var (y1, h1, c1) = Variable.Lstm(v[0], null, null, v[1], v[2], v[3], v[4]);
            h1.Dispose(); c1.Dispose();
            using (y1)
                return AllOutputs(Variable.Lstm(y1, null, null, v[5], v[6], v[7], v[8]));
        },
        Away([d.B, steps, d.I], seed), Scaled([4 * d.H, d.I], seed + 1), Scaled([4 * d.H, d.H], seed + 2), Scaled([4 * d.H], seed + 3), Scaled([4 * d.H], seed + 4),
        Scaled([4 * d.H, d.H], seed + 5), Scaled([4 * d.H, d.H], seed + 6), Scaled([4 * d.H], seed + 7), Scaled([4 * d.H], seed + 8));

    [Fact] public void StackedLstm() => CheckStacked(Tiny, 3, 61);

    [Fact]
    public void LstmLayerMatchesTheUnrolledFusedAndComposedCells()
    {
        const int steps = 5;
        var inputs = OnTarget(SequenceInputs(Wide, steps, 71));
        var sets = Enumerable.Range(0, 3).Select(_ => inputs.Select(t => new Variable(t.Clone(), requiresGrad: true)).ToArray()).ToArray();
        try
        {
            using var layer = AllOutputs(Variable.Lstm(sets[0][0], sets[0][1], sets[0][2], sets[0][3], sets[0][4], sets[0][5], sets[0][6]));
            using var fused = Unrolled(sets[1], steps, Variable.LstmCell);
            using var composed = Unrolled(sets[2], steps, Variable.LstmCellComposed);
            Assert.Equal(Target, layer.Device);
            Tolerance.AssertClose(composed.ToArray(), layer.ToArray(), 1e-5, 1e-5, "layer vs composed values");
            Tolerance.AssertClose(fused.ToArray(), layer.ToArray(), 1e-5, 1e-5, "layer vs fused-cell values");
            using var w = Tensor.Randn(layer.Shape, seed: 7, device: Target);
            layer.Backward(w);
            fused.Backward(w);
            composed.Backward(w);
            for (int k = 0; k < inputs.Length; k++)
            {
                Tolerance.AssertClose(sets[2][k].Grad!.ToArray(), sets[0][k].Grad!.ToArray(), 1e-5, 1e-5, $"layer vs composed gradient of input {k}");
                Tolerance.AssertClose(sets[1][k].Grad!.ToArray(), sets[0][k].Grad!.ToArray(), 1e-5, 1e-5, $"layer vs fused-cell gradient of input {k}");
            }
        }
        finally
        {
            foreach (var v in sets.SelectMany(s => s)) v.Dispose();
            foreach (var t in inputs) t.Dispose();
        }
    }

    private delegate (Variable H, Variable C) Cell(Variable x, Variable h, Variable c, Variable wIh, Variable wHh, Variable? bIh, Variable? bHh);

    /// <summary>The layer unrolled step by step through a cell: [outputs of every step, c_T] as in <see cref="AllOutputs"/>.</summary>
    private static Variable Unrolled(Variable[] v, int steps, Cell cell)
    {
        int b = v[0].Shape[0], inSize = v[0].Shape[2];
        Variable h = v[1], c = v[2];
        var outputs = new List<Variable>();
        for (int t = 0; t < steps; t++)
        {
            using var xs = v[0].Slice(1, t, t + 1);
            using var xt = xs.Reshape(b, inSize);
            (h, c) = cell(xt, h, c, v[3], v[4], v[5], v[6]);
            outputs.Add(h);
        }
        using var stacked = Variable.Stack(outputs, 1);
        using var flat = stacked.Flatten();
        return Variable.Concat([flat, c], 1);
    }

    [Fact]
    public void EmbeddingWithRepeatedIndices() =>
        Check("embedding", v => Variable.Embedding(v[0], [1, 4, 1, 0, 5, 1, 4]), Away([6, 3], 81));

    [Fact]
    public void EmbeddingWithFloatIdsAndPaddingRow()
    {
        using var ids = Tensor.FromArray([0f, 2f, 2f, 3f, 0f, 1f], [2, 3], Target);
        Check("embedding [2, 3] ids", v => Variable.Embedding(v[0], ids), Away([4, 5], 82));
        // With a padding row the forward is unchanged but that row is frozen (PyTorch's padding_idx): its gradient is 0.
        using var w = new Variable(Tensor.Ones([4, 5], Target), requiresGrad: true);
        using var y = Variable.Embedding(w, ids, paddingIndex: 0);
        Assert.Equal(new Shape(2, 3, 5), y.Shape);
        Assert.Equal(Target, y.Device);
        using var s = y.Sum();
        s.Backward();
        Assert.Equal(Target, w.Grad!.Device);
        var g = w.Grad!.ToArray();
        Assert.All(g[..5], x => Assert.Equal(0f, x));    // padding row: no gradient
        Assert.All(g[5..10], x => Assert.Equal(1f, x));  // row 1 used once
        Assert.All(g[10..15], x => Assert.Equal(2f, x)); // row 2 used twice
    }

}

/// <summary>
/// The sequence suite on the CPU backend, plus the finite-difference checks on a wider layer (B 2, I 3, H 4) and
/// longer sequences than the accelerator can afford.
/// </summary>
public sealed class CpuSequenceGradCheckTests : SequenceGradCheckSuite
{
    protected override Device Target => Device.Cpu;

    [Fact] public void FusedLstmCellWide() => CheckCell(Wide, 1);
    [Fact] public void LstmOverFourStepsWithInitialStateWide() => CheckLstm(Wide, 4, 31);
    [Fact] public void LstmGradientOfEveryStepOfFiveWideWithTheSameTolerance() => CheckEveryStepSeparately(Wide, 5, 51);
    [Fact] public void StackedLstmWide() => CheckStacked(Wide, 3, 61);
}
