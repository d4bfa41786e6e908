using KdGan.Autograd.Functions;
using KdGan.Tensors;

namespace KdGan.Autograd;

// Sequence models: the LSTM cell and layer (fused kernels), the composed cell they are tested against, and
// the embedding lookup.
public sealed partial class Variable
{
    /// <summary>
    /// One LSTM step (PyTorch's LSTMCell), fused: x [B, I], h and c [B, H], weight_ih [4H, I], weight_hh [4H, H],
    /// biases [4H] or null; gate order i, f, g, o. Returns the next (h, c), each [B, H].
    /// </summary>
    public static (Variable H, Variable C) LstmCell(Variable x, Variable h, Variable c, Variable weightIh, Variable weightHh,
        Variable? biasIh = null, Variable? biasHh = null)
    {
        using var packed = LstmCellFunction.Apply(x, h, c, weightIh, weightHh, biasIh, biasHh); // [2, B, H]
        int b = packed.Shape[1], hidden = packed.Shape[2];
        using var hPart = packed.Slice(0, 0, 1);
        using var cPart = packed.Slice(0, 1, 2);
        return (hPart.Reshape(b, hidden), cPart.Reshape(b, hidden));
    }

    /// <summary>
    /// The same step as <see cref="LstmCell"/> composed from primitive ops, written to read like the math:
    /// the fused cell's test oracle.
    /// </summary>
    public static (Variable H, Variable C) LstmCellComposed(Variable x, Variable h, Variable c, Variable weightIh, Variable weightHh,
        Variable? biasIh = null, Variable? biasHh = null)
    {
        int hidden = weightHh.Shape[1];
        using var wIhT = weightIh.T();
        using var wHhT = weightHh.T();
        using var xw = MatMul(x, wIhT);
        using var hw = MatMul(h, wHhT);
        Variable z = xw + hw;
        if (biasIh is not null) using (var old = z) z = old + biasIh;
        if (biasHh is not null) using (var old = z) z = old + biasHh;
        using (z)
        {
            using var zi = z.Slice(1, 0, hidden);
            using var zf = z.Slice(1, hidden, 2 * hidden);
            using var zg = z.Slice(1, 2 * hidden, 3 * hidden);
            using var zo = z.Slice(1, 3 * hidden, 4 * hidden);
            using var i = zi.Sigmoid();
            using var f = zf.Sigmoid();
            using var g = zg.Tanh();
            using var o = zo.Sigmoid();
            using var fc = f * c;
            using var ig = i * g;
            var cNext = fc + ig;
            using var tc = cNext.Tanh();
            return (o * tc, cNext);
        }
    }

    /// <summary>
    /// One LSTM layer over a batch-first sequence x [B, T, I] (fused cell, backpropagation through time):
    /// returns the outputs [B, T, H] (h_t of every step) and the final state (h_T, c_T), each [B, H].
    /// h0 and c0 [B, H] default to zeros.
    /// </summary>
    public static (Variable Output, Variable H, Variable C) Lstm(Variable x, Variable? h0, Variable? c0, Variable weightIh, Variable weightHh,
        Variable? biasIh = null, Variable? biasHh = null)
    {
        using var packed = LstmLayerFunction.Apply(x, h0, c0, weightIh, weightHh, biasIh, biasHh); // [B*T + B, H]
        int b = x.Shape[0], steps = x.Shape[1], hidden = packed.Shape[1];
        using var outRows = packed.Slice(0, 0, b * steps);
        var output = outRows.Reshape(b, steps, hidden);
        using var cRows = packed.Slice(0, b * steps, b * steps + b);
        var cLast = cRows.Reshape(b, hidden);
        using var hStep = output.Slice(1, steps - 1, steps);
        return (output, hStep.Reshape(b, hidden), cLast);
    }

    /// <summary>
    /// Rows of <paramref name="weight"/> [V, E] picked by <paramref name="indices"/> (of shape
    /// <paramref name="indexShape"/>, default [N]): [..., E]. The row <paramref name="paddingIndex"/> (when &gt;= 0)
    /// receives no gradient, as PyTorch's padding_idx.
    /// </summary>
    public static Variable Embedding(Variable weight, ReadOnlySpan<int> indices, Shape? indexShape = null, int paddingIndex = -1) =>
        EmbeddingFunction.Apply(weight, indices, indexShape ?? new Shape(indices.Length), paddingIndex);

    /// <summary>Embedding lookup with token ids stored as float32 (any shape; whole numbers in [0, V)): [..., E].</summary>
    public static Variable Embedding(Variable weight, Tensor ids, int paddingIndex = -1)
    {
        if (weight.Rank != 2) throw new ArgumentException($"Embedding: expects a weight [V, E], got shape {weight.Shape}.");
        var indices = SequenceOps.ToIndices(ids, weight.Shape[0]);
        return EmbeddingFunction.Apply(weight, indices, ids.Shape, paddingIndex);
    }
}
