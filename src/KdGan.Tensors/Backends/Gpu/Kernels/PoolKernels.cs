using ILGPU;

namespace KdGan.Tensors.Backends.Gpu.Kernels;

/// <summary>
/// 2-D max and average pooling over contiguous [planes, H, W] inputs: the GPU twins of Cpu/CpuBackend.Pool.cs,
/// with ReferenceLayerOps.Pool2d as the spec. Square windows (KH = KW = k). Every output element is written by
/// one thread in a fixed order (no atomics), and each sum is taken in the order the CPU backend takes it, so
/// the results are bit-identical to the CPU's and run to run.
/// </summary>
public static class PoolKernels
{
    /// <summary>
    /// One thread per output: the window's first maximum (NaN counts as the maximum) and its flat index iy*W + ix
    /// in the input plane, as float. Padding counts as -infinity (it is skipped).
    /// </summary>
    public static void MaxPool(Index1D index, ArrayView<float> x, ArrayView<float> y, ArrayView<float> argmax, WindowArgs a)
    {
        int o = index;
        int ox = o % a.OW;
        int t = o / a.OW;
        int oy = t % a.OH;
        int plane = t / a.OH;
        int y0 = oy * a.Stride - a.Pad, x0 = ox * a.Stride - a.Pad;
        int planeBase = a.XOffset + plane * a.H * a.W;
        float best = float.NegativeInfinity;
        int bestAt = -1;
        for (int i = 0; i < a.KH; i++)
        {
            int iy = y0 + i;
            if (iy < 0 || iy >= a.H) continue;
            for (int j = 0; j < a.KW; j++)
            {
                int ix = x0 + j;
                if (ix < 0 || ix >= a.W) continue;
                float v = x[planeBase + iy * a.W + ix];
                if (v > best || bestAt < 0 || (float.IsNaN(v) && !float.IsNaN(best)))
                {
                    best = v;
                    bestAt = iy * a.W + ix;
                }
            }
        }
        y[a.YOffset + o] = best;
        argmax[a.AOffset + o] = bestAt;
    }

    /// <summary>
    /// One thread per plane (dx is zeroed beforehand): routes each dy to its argmax in output order, exactly as
    /// the CPU backend does. The backward pass is given no window geometry (only the argmax), so a pixel cannot
    /// find the windows that chose it; a thread owning the whole plane keeps the sums ordered without atomics.
    /// </summary>
    public static void MaxPoolBackward(Index1D index, ArrayView<float> dy, ArrayView<float> argmax, ArrayView<float> dx, WindowArgs a)
    {
        int plane = index;
        int outputs = a.OH * a.OW;
        int g = a.XOffset + plane * outputs, arg = a.AOffset + plane * outputs;
        int dst = a.YOffset + plane * a.H * a.W;
        for (int o = 0; o < outputs; o++)
        {
            int p = (int)argmax[arg + o];
            dx[dst + p] = dx[dst + p] + dy[g + o];
        }
    }

    /// <summary>One thread per output: the window sum (padding contributes nothing) times 1/k^2.</summary>
    public static void AvgPool(Index1D index, ArrayView<float> x, ArrayView<float> y, WindowArgs a)
    {
        int o = index;
        int ox = o % a.OW;
        int t = o / a.OW;
        int oy = t % a.OH;
        int plane = t / a.OH;
        int y0 = oy * a.Stride - a.Pad, x0 = ox * a.Stride - a.Pad;
        int planeBase = a.XOffset + plane * a.H * a.W;
        float sum = 0f;
        for (int i = 0; i < a.KH; i++)
        {
            int iy = y0 + i;
            if (iy < 0 || iy >= a.H) continue;
            int row = planeBase + iy * a.W;
            for (int j = 0; j < a.KW; j++)
            {
                int ix = x0 + j;
                if (ix >= 0 && ix < a.W) sum += x[row + ix];
            }
        }
        y[a.YOffset + o] = sum * a.Scale;
    }

    /// <summary>
    /// One thread per input pixel, gathering dy / k^2 from every window that covers it: output rows
    /// oy in [ceil((iy + P - k + 1) / S), floor((iy + P) / S)] and likewise for columns, in (oy, ox) order.
    /// </summary>
    public static void AvgPoolBackward(Index1D index, ArrayView<float> dy, ArrayView<float> dx, WindowArgs a)
    {
        int e = index;
        int ix = e % a.W;
        int t = e / a.W;
        int iy = t % a.H;
        int plane = t / a.H;
        int ny = iy + a.Pad - a.KH + 1, nx = ix + a.Pad - a.KW + 1;
        int oyLo = ny <= 0 ? 0 : (ny + a.Stride - 1) / a.Stride;
        int oxLo = nx <= 0 ? 0 : (nx + a.Stride - 1) / a.Stride;
        int oyHi = (iy + a.Pad) / a.Stride, oxHi = (ix + a.Pad) / a.Stride;
        if (oyHi > a.OH - 1) oyHi = a.OH - 1;
        if (oxHi > a.OW - 1) oxHi = a.OW - 1;
        int g = a.XOffset + plane * a.OH * a.OW;
        float sum = 0f;
        for (int oy = oyLo; oy <= oyHi; oy++)
            for (int ox = oxLo; ox <= oxHi; ox++)
                sum += dy[g + oy * a.OW + ox] * a.Scale;
        dx[a.YOffset + e] = sum;
    }
}
