namespace KdGan.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// The specification of <see cref="Sgemm.Multiply"/>: a plain triple loop,
/// C[i,j] = (accumulate ? C[i,j] : 0) + sum_p A[i,p] * B[p,j], the sum taken in increasing p.
/// Slow on purpose; tests compare the fast kernels against it.
/// </summary>
internal static unsafe class GemmReference
{
    /// <summary>
    /// C[m x n] (row-major, leading dimension <paramref name="ldc"/>) = (accumulate ? C : 0) + A[m x k] * B[k x n].
    /// A element (i,p) is at a[i*aRowStride + p*aColStride]; B element (p,j) at b[p*bRowStride + j*bColStride].
    /// </summary>
    public static void Multiply(int m, int n, int k,
        float* a, long aRowStride, long aColStride,
        float* b, long bRowStride, long bColStride,
        float* c, long ldc, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0f;
                for (int p = 0; p < k; p++)
                    sum += a[i * aRowStride + p * aColStride] * b[p * bRowStride + j * bColStride];
                float* cij = c + i * ldc + j;
                *cij = accumulate ? *cij + sum : sum;
            }
        }
    }
}
