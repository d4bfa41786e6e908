namespace KdGan.Tensors.Backends.Reference;

/// <summary>
/// The sequence kernels as plain loops over logical indices, in double: the spec the fused kernels are
/// tested against. Gate rows are [i | f | g | o], each H wide (PyTorch's order).
/// </summary>
public static class ReferenceSequenceOps
{
    private static double At(Tensor? t, int r, int j) => t is null ? 0 : ReferenceOps.Get(t, [r, j]);
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>h, c [B, H] and the activated gates [B, 4H] of one LSTM step (see <see cref="ISequenceKernels.LstmCell"/>).</summary>
    public static (float[] H, float[] C, float[] Activations) LstmCell(Tensor gates, Tensor? gatesX, Tensor? bias, Tensor cPrev)
    {
        int b = cPrev.Shape[0], n = cPrev.Shape[1];
        var h = new float[b * n];
        var c = new float[b * n];
        var act = new float[b * 4 * n];
        for (int r = 0; r < b; r++)
            for (int j = 0; j < n; j++)
            {
                double Z(int gate) => At(gates, r, gate * n + j) + At(gatesX, r, gate * n + j) + (bias is null ? 0 : ReferenceOps.Get(bias, [gate * n + j]));
                double i = Sigmoid(Z(0)), f = Sigmoid(Z(1)), g = Math.Tanh(Z(2)), o = Sigmoid(Z(3));
                double cn = f * At(cPrev, r, j) + i * g;
                c[r * n + j] = (float)cn;
                h[r * n + j] = (float)(o * Math.Tanh(cn));
                act[r * 4 * n + j] = (float)i;
                act[r * 4 * n + n + j] = (float)f;
                act[r * 4 * n + 2 * n + j] = (float)g;
                act[r * 4 * n + 3 * n + j] = (float)o;
            }
        return (h, c, act);
    }

    /// <summary>dGates [B, 4H] and dcPrev [B, H] of one LSTM step (see <see cref="ISequenceKernels.LstmCellBackward"/>).</summary>
    public static (float[] DGates, float[] DcPrev) LstmCellBackward(Tensor activations, Tensor cPrev, Tensor c, Tensor? dh, Tensor? dc)
    {
        int b = c.Shape[0], n = c.Shape[1];
        var dz = new float[b * 4 * n];
        var dcp = new float[b * n];
        for (int r = 0; r < b; r++)
            for (int j = 0; j < n; j++)
            {
                double i = At(activations, r, j), f = At(activations, r, n + j), g = At(activations, r, 2 * n + j), o = At(activations, r, 3 * n + j);
                double tc = Math.Tanh(At(c, r, j)), gh = At(dh, r, j);
                double dC = At(dc, r, j) + gh * o * (1 - tc * tc);
                dz[r * 4 * n + j] = (float)(dC * g * i * (1 - i));
                dz[r * 4 * n + n + j] = (float)(dC * At(cPrev, r, j) * f * (1 - f));
                dz[r * 4 * n + 2 * n + j] = (float)(dC * i * (1 - g * g));
                dz[r * 4 * n + 3 * n + j] = (float)(gh * tc * o * (1 - o));
                dcp[r * n + j] = (float)(dC * f);
            }
        return (dz, dcp);
    }

    /// <summary>Row indices[n] of weight [V, E] for each n: [N, E].</summary>
    public static float[] Embedding(Tensor weight, int[] indices)
    {
        int e = weight.Shape[1];
        var result = new float[indices.Length * e];
        for (int n = 0; n < indices.Length; n++)
            for (int k = 0; k < e; k++) result[n * e + k] = ReferenceOps.Get(weight, [indices[n], k]);
        return result;
    }

    /// <summary>dWeight[v] = sum of grad[n] over the n with indices[n] = v (none for the padding row): [V, E].</summary>
    public static float[] EmbeddingBackward(Tensor grad, int[] indices, int vocabulary, int paddingIndex = -1)
    {
        int e = grad.Shape[1];
        var dw = new double[vocabulary * e];
        for (int n = 0; n < indices.Length; n++)
        {
            if (indices[n] == paddingIndex) continue;
            for (int k = 0; k < e; k++) dw[indices[n] * e + k] += ReferenceOps.Get(grad, [n, k]);
        }
        return dw.Select(v => (float)v).ToArray();
    }
}
