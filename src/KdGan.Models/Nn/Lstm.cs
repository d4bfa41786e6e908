using KdGan.Autograd;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Nn;

/// <summary>
/// What <see cref="Lstm.Forward"/> returns: the last layer's outputs [B, T, H] and the final hidden and cell
/// states of every layer, [numLayers, B, H] each (PyTorch's <c>output, (h_n, c_n)</c>). Disposing it disposes all three.
/// </summary>
public sealed record LstmOutput(Variable Output, Variable H, Variable C) : IDisposable
{
    public void Dispose()
    {
        Output.Dispose();
        H.Dispose();
        C.Dispose();
    }
}

/// <summary>
/// A (stacked) LSTM over batch-first sequences, PyTorch's nn.LSTM with <c>batch_first=True</c> (no dropout
/// between layers, unidirectional). Layer k has <c>weight_ih_lk</c> [4H, I_k], <c>weight_hh_lk</c> [4H, H],
/// <c>bias_ih_lk</c> and <c>bias_hh_lk</c> [4H] (gate order i, f, g, o; I_0 = input size, I_k = H above), named,
/// ordered and initialised as PyTorch does: every parameter U(-1/sqrt(H), 1/sqrt(H)), drawn in that order.
/// Each layer runs as one fused Function (one GEMM for the input projection of all steps, then per step one
/// GEMM for the four gates and a fused pointwise kernel; backpropagation through time inside).
/// </summary>
public sealed class Lstm : Module
{
    private readonly (Variable WIh, Variable WHh, Variable? BIh, Variable? BHh)[] _layers;

    public Lstm(int inputSize, int hiddenSize, Generator gen, int numLayers = 1, bool bias = true, Device? device = null)
    {
        if (inputSize < 1 || hiddenSize < 1 || numLayers < 1)
            throw new ArgumentException($"Lstm: input size {inputSize}, hidden size {hiddenSize} and layers {numLayers} must all be >= 1.");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        float bound = 1f / MathF.Sqrt(hiddenSize);
        _layers = new (Variable, Variable, Variable?, Variable?)[numLayers];
        for (int k = 0; k < numLayers; k++)
        {
            int inSize = k == 0 ? inputSize : hiddenSize;
            var wIh = RegisterParameter($"weight_ih_l{k}", Init.Uniform([4 * hiddenSize, inSize], -bound, bound, gen, device));
            var wHh = RegisterParameter($"weight_hh_l{k}", Init.Uniform([4 * hiddenSize, hiddenSize], -bound, bound, gen, device));
            Variable? bIh = null, bHh = null;
            if (bias)
            {
                bIh = RegisterParameter($"bias_ih_l{k}", Init.Uniform([4 * hiddenSize], -bound, bound, gen, device));
                bHh = RegisterParameter($"bias_hh_l{k}", Init.Uniform([4 * hiddenSize], -bound, bound, gen, device));
            }
            _layers[k] = (wIh, wHh, bIh, bHh);
        }
    }

    public int InputSize { get; }
    public int HiddenSize { get; }
    public int NumLayers { get; }

    /// <summary>
    /// Runs the layers over x [B, T, I]. <paramref name="h0"/> and <paramref name="c0"/> are [numLayers, B, H]
    /// (zeros when null). Returns the last layer's outputs [B, T, H] and (h_n, c_n), [numLayers, B, H] each.
    /// </summary>
    public LstmOutput Forward(Variable x, Variable? h0 = null, Variable? c0 = null)
    {
        if (x.Rank != 3 || x.Shape[2] != InputSize)
            throw new ArgumentException($"Lstm({InputSize} -> {HiddenSize}): expects a batch-first input [B, T, {InputSize}], got shape {x.Shape}.");
        int b = x.Shape[0];
        var stateShape = new Shape(NumLayers, b, HiddenSize);
        foreach (var (s, name) in new[] { (h0, "h0"), (c0, "c0") })
            if (s is not null && s.Shape != stateShape)
                throw new ArgumentException($"Lstm: {name} has shape {s.Shape}, expected [numLayers, B, H] = {stateShape}.");

        var hs = new List<Variable>();
        var cs = new List<Variable>();
        Variable input = x;
        try
        {
            for (int k = 0; k < NumLayers; k++)
            {
                using var hk = LayerState(h0, k, b);
                using var ck = LayerState(c0, k, b);
                var (wIh, wHh, bIh, bHh) = _layers[k];
                var (output, hLast, cLast) = Variable.Lstm(input, hk, ck, wIh, wHh, bIh, bHh);
                if (!ReferenceEquals(input, x)) input.Dispose();
                input = output;
                hs.Add(hLast);
                cs.Add(cLast);
            }
            return new LstmOutput(input, Variable.Stack(hs, 0), Variable.Stack(cs, 0));
        }
        finally
        {
            foreach (var v in hs.Concat(cs)) v.Dispose();
        }
    }

    private Variable? LayerState(Variable? state, int layer, int b)
    {
        if (state is null) return null;
        using var slice = state.Slice(0, layer, layer + 1);
        return slice.Reshape(b, HiddenSize);
    }
}
