using ILGPU;
using ILGPU.Runtime;
using KdGan.Tensors.Backends.Gpu.Kernels;

namespace KdGan.Tensors.Backends.Gpu;

// Batched matrix product through the tiled SGEMM kernel (Kernels/GemmKernel.cs). Operands are read in place
// through their strides (a transposed, sliced or batch-broadcast view costs no copy); the batch index is the
// grid's z coordinate, split over several launches past 65535 batches.
public sealed partial class GpuBackend
{
    private const int MaxGridZ = 65535;

    public void MatMul(Tensor a, Tensor b, Tensor dst)
    {
        int r = dst.Rank;
        int m = dst.Shape[-2], n = dst.Shape[-1], k = a.Shape[-1];
        long batches = 1;
        for (int d = 0; d < r - 2; d++) batches *= dst.Shape[d];
        if (batches == 0 || (long)m * n == 0) return;
        if (k == 0)
        {
            Fill(dst, 0f);
            return;
        }
        Begin();
        var (batchDims, aBatch, bBatch) = BatchLayout(a, b, dst);
        var args = new GemmArgs
        {
            M = m, N = n, K = k,
            ARow = checked((int)a.Strides[r - 2]), ACol = checked((int)a.Strides[r - 1]),
            BRow = checked((int)b.Strides[r - 2]), BCol = checked((int)b.Strides[r - 1]),
            AOffset = checked((int)a.Offset), BOffset = checked((int)b.Offset), COffset = checked((int)dst.Offset),
            AKContiguous = a.Strides[r - 1] == 1 ? 1 : 0,
            BNContiguous = b.Strides[r - 1] == 1 ? 1 : 0,
            BatchDims = batchDims, ABatch = aBatch, BBatch = bBatch,
        };
        int tilesN = (n + GemmKernel.BN - 1) / GemmKernel.BN, tilesM = (m + GemmKernel.BM - 1) / GemmKernel.BM;
        for (long start = 0; start < batches; start += MaxGridZ)
        {
            args.BatchBase = (int)start;
            int z = (int)Math.Min(MaxGridZ, batches - start);
            Kernels.Grouped(KernelTable.Gemm, new KernelConfig(new Index3D(tilesN, tilesM, z), new Index3D(GemmKernel.Threads, 1, 1)), View(a), View(b), View(dst), args);
        }
    }

    /// <summary>The batch axes of dst (size-1 axes dropped, innermost first) with a's and b's strides along them.</summary>
    private static (Dims6, Strides6, Strides6) BatchLayout(Tensor a, Tensor b, Tensor dst)
    {
        var dims = new List<int>();
        var sa = new List<int>();
        var sb = new List<int>();
        for (int d = dst.Rank - 3; d >= 0; d--)
        {
            if (dst.Shape[d] == 1) continue;
            dims.Add(dst.Shape[d]);
            sa.Add(checked((int)a.Strides[d]));
            sb.Add(checked((int)b.Strides[d]));
        }
        if (dims.Count > GpuLayout.MaxRank)
            throw new NotSupportedException($"MatMul on the GPU: {dims.Count} batch axes of size > 1 in {dst.Shape}; at most {GpuLayout.MaxRank} are supported (reshape the batch axes into one).");
        while (dims.Count < GpuLayout.MaxRank) { dims.Add(1); sa.Add(0); sb.Add(0); }
        int rank = dst.Shape.ToArray()[..^2].Count(x => x != 1);
        var d6 = new Dims6 { Rank = Math.Max(rank, 1), N0 = dims[0], N1 = dims[1], N2 = dims[2], N3 = dims[3], N4 = dims[4], N5 = dims[5] };
        return (d6,
            new Strides6 { S0 = sa[0], S1 = sa[1], S2 = sa[2], S3 = sa[3], S4 = sa[4], S5 = sa[5] },
            new Strides6 { S0 = sb[0], S1 = sb[1], S2 = sb[2], S3 = sb[3], S4 = sb[4], S5 = sb[5] });
    }
}
