using System.Runtime.CompilerServices;

namespace KdGan.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// A register-blocked micro-kernel: C[MR x NR] (+)= Apanel[MR x kc] * Bpanel[kc x NR], reading the panels
/// <see cref="GemmPacking"/> writes. The blocked driver is generic over it, so each kernel gets its own
/// specialised copy of the loops.
/// </summary>
internal unsafe interface IGemmMicroKernel
{
    /// <summary>Rows of C one call computes (the A panel width).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of C one call computes (the B panel width).</summary>
    static abstract int NR { get; }

    /// <summary>The SIMD level this kernel implements.</summary>
    static abstract SimdLevel Level { get; }

    /// <summary>
    /// Multiplies one packed A panel (kc x MR) by one packed B panel (kc x NR), summing over p in increasing
    /// order, and writes the top-left <paramref name="mr"/> x <paramref name="nr"/> part of the product to C:
    /// C = product when <paramref name="overwrite"/>, else C = C + product.
    /// </summary>
    static abstract void Run(int kc, float* a, float* b, float* c, long ldc, int mr, int nr, bool overwrite);
}

/// <summary>Helpers shared by the micro-kernels.</summary>
internal static unsafe class GemmMicroKernel
{
    /// <summary>
    /// Writes the valid mr x nr part of a full register tile (spilled to <paramref name="tile"/>, row stride
    /// <paramref name="tileStride"/>) to C. Each element gets the same single add as the full-tile path, so edge
    /// tiles round exactly like interior ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void StoreEdge(float* tile, int tileStride, float* c, long ldc, int mr, int nr, bool overwrite)
    {
        for (int r = 0; r < mr; r++)
        {
            float* t = tile + r * tileStride;
            float* cr = c + r * ldc;
            if (overwrite)
                for (int j = 0; j < nr; j++) cr[j] = t[j];
            else
                for (int j = 0; j < nr; j++) cr[j] = cr[j] + t[j];
        }
    }
}
