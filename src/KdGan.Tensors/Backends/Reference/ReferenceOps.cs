using KdGan.Tensors.Backends.Cpu;
using KdGan.Tensors.Rng;

namespace KdGan.Tensors.Backends.Reference;

/// <summary>
/// The specification of every primitive: plain loops over logical indices that read like the math,
/// with no SIMD, no threads and no stride tricks. Slow on purpose. Tests compare each backend against
/// these with a tolerance of the form atol + rtol * |reference|. Inputs must be CPU tensors; results
/// are returned as row-major arrays.
/// </summary>
public static partial class ReferenceOps
{
    /// <summary>The value at a logical multi-index, read through shape, strides and offset.</summary>
    public static float Get(Tensor t, int[] index)
    {
        long offset = t.Offset;
        for (int d = 0; d < t.Rank; d++) offset += index[d] * t.Strides[d];
        if (t.Storage is not CpuStorage cpu)
            throw new ArgumentException($"ReferenceOps: the reference reads CPU tensors, this one is on {t.Device}; copy it with .To(Device.Cpu) first.");
        return cpu.Data[offset];
    }

    /// <summary>Every multi-index of <paramref name="shape"/> in row-major order.</summary>
    public static IEnumerable<int[]> Indices(Shape shape)
    {
        if (shape.NumElements == 0) yield break;
        var index = new int[shape.Rank];
        for (long n = 0; n < shape.NumElements; n++)
        {
            yield return (int[])index.Clone();
            for (int d = shape.Rank - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
    }

    /// <summary>The values of x in row-major order.</summary>
    public static float[] Values(Tensor x) => Indices(x.Shape).Select(i => Get(x, i)).ToArray();

    private static int[] BroadcastIndex(int[] outIndex, Shape s)
    {
        var idx = new int[s.Rank];
        int lead = outIndex.Length - s.Rank;
        for (int d = 0; d < s.Rank; d++) idx[d] = s[d] == 1 ? 0 : outIndex[lead + d];
        return idx;
    }

    /// <summary>C[..., i, j] = sum_p A[..., i, p] * B[..., p, j] (batch axes broadcast), accumulated in double.</summary>
    public static float[] MatMul(Tensor a, Tensor b, out Shape shape)
    {
        int m = a.Shape[-2], k = a.Shape[-1], n = b.Shape[-1];
        var batch = Shape.Broadcast(new Shape(a.Shape.ToArray()[..^2]), new Shape(b.Shape.ToArray()[..^2]), "reference");
        shape = new Shape([.. batch, m, n]);
        var result = new List<float>();
        foreach (var bi in Indices(batch).DefaultIfEmpty([]))
        {
            if (batch.NumElements == 0) break;
            var ab = BroadcastIndex(bi, new Shape(a.Shape.ToArray()[..^2]));
            var bb = BroadcastIndex(bi, new Shape(b.Shape.ToArray()[..^2]));
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (int p = 0; p < k; p++)
                        sum += (double)Get(a, [.. ab, i, p]) * Get(b, [.. bb, p, j]);
                    result.Add((float)sum);
                }
        }
        return [.. result];
    }

    /// <summary>Element i of a draw is RandomStream.Sample(distribution, seed, offset, i).</summary>
    public static float[] Random(RandomDistribution distribution, ulong seed, ulong offset, long count)
    {
        var result = new float[count];
        for (long i = 0; i < count; i++) result[i] = RandomStream.Sample(distribution, seed, offset, i);
        return result;
    }
}
