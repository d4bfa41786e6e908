namespace KdGan.Tensors.Backends.Reference;

// The spec of the softmax kernels (Softmax.Cpu.cs, SoftmaxKernels.cs): a part of ReferenceOps, so that every
// reference is called the same way. The backward's spec is SoftmaxGradOps.Composed.
public static partial class ReferenceOps
{
    /// <summary>softmax(x / T) (or its log) over the last axis, in double, with the row max subtracted.</summary>
    public static float[] Softmax(Tensor x, float temperature, bool log)
    {
        var values = Values(x);
        int n = x.Shape[-1];
        var result = new float[values.Length];
        for (int r = 0; n > 0 && r < values.Length / n; r++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < n; j++) max = Math.Max(max, values[r * n + j]);
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.Exp((values[r * n + j] - max) / temperature);
            for (int j = 0; j < n; j++)
            {
                double z = (values[r * n + j] - max) / temperature;
                result[r * n + j] = (float)(log ? z - Math.Log(sum) : Math.Exp(z) / sum);
            }
        }
        return result;
    }
}
