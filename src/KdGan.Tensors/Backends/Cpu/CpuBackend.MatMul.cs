using KdGan.Tensors.Backends.Cpu.Gemm;
namespace KdGan.Tensors.Backends.Cpu;

// Batched matrix product through our own GEMM (Gemm/Sgemm.cs). Operands are passed with their
// strides, so a transposed or sliced view is read in place (the GEMM packs panels anyway).
public sealed unsafe partial class CpuBackend
{
    public void MatMul(Tensor a, Tensor b, Tensor dst)
    {
        var level = BeginOp();
        int r = dst.Rank;
        int m = dst.Shape[-2], n = dst.Shape[-1], k = a.Shape[-1];
        int[] batchDims = dst.Shape.ToArray()[..^2];
        long batches = batchDims.Aggregate(1L, (p, d) => p * d);
        long[] aBatch = a.Strides[..^2].ToArray(), bBatch = b.Strides[..^2].ToArray();
        long aRow = a.Strides[r - 2], aCol = a.Strides[r - 1], bRow = b.Strides[r - 2], bCol = b.Strides[r - 1];
        float* pa = Ptr(a) + a.Offset, pb = Ptr(b) + b.Offset, pd = Ptr(dst) + dst.Offset;
        long mn = (long)m * n;
        if (batches == 0 || mn == 0) return;

        // Many small products: one thread per batch range. Few large ones: GEMM's own threading.
        long work = mn * k;
        bool perBatch = batches >= CpuThreads.Count && work < 128L * 128 * 128;
        int gemmThreads = perBatch ? 1 : CpuThreads.Count;
        Parallelism.ForRanges(batches, perBatch ? Math.Max(1, (1 << 16) / Math.Max(1, work)) : long.MaxValue, (s, e) =>
        {
            for (long i = s; i < e; i++)
            {
                long ao = OffsetOf(i, batchDims, aBatch), bo = OffsetOf(i, batchDims, bBatch);
                Sgemm.Multiply(m, n, k, pa + ao, aRow, aCol, pb + bo, bRow, bCol, pd + i * mn, n, accumulate: false, gemmThreads);
            }
        });
        t_lastPath = level;
    }
}
