using ILGPU;
using ILGPU.Runtime;
using KdGan.Tensors.Backends.Gpu.Kernels;

namespace KdGan.Tensors.Backends.Gpu;

// The fused layer kernels (ILayerKernels): im2col / col2im (Kernels/Im2ColKernels.cs), max and average pooling
// (Kernels/PoolKernels.cs). Inputs are made
// contiguous first (a no-op for contiguous ones); outputs are contiguous and fully overwritten. Everything is
// deterministic: every output element is written by one thread, sums in a fixed order, no atomics.
public sealed partial class GpuBackend : ILayerKernels
{
    public void Im2Col(Tensor x, int kernelH, int kernelW, int stride, int padding, Tensor cols)
    {
        RequireContiguous(cols, nameof(Im2Col));
        if (cols.NumElements == 0) return;
        using var xc = x.Contiguous();
        Begin();
        var a = Window(x.Shape, kernelH, kernelW, stride, padding, xc.Offset, cols.Offset);
        Kernels.Auto(KernelTable.Im2Col, Count(cols), View(xc), View(cols), a);
    }

    public void Col2Im(Tensor cols, int kernelH, int kernelW, int stride, int padding, Tensor dx)
    {
        RequireContiguous(dx, nameof(Col2Im));
        if (dx.NumElements == 0) return;
        using var cc = cols.Contiguous();
        Begin();
        var a = Window(dx.Shape, kernelH, kernelW, stride, padding, cc.Offset, dx.Offset);
        Kernels.Auto(KernelTable.Col2Im, Count(dx), View(cc), View(dx), a);
    }

    public void MaxPool2d(Tensor x, int kernel, int stride, int padding, Tensor y, Tensor argmax)
    {
        RequireContiguous(y, nameof(MaxPool2d));
        RequireContiguous(argmax, nameof(MaxPool2d));
        if (y.NumElements == 0) return;
        using var xc = x.Contiguous();
        Begin();
        var a = Window(x.Shape, kernel, kernel, stride, padding, xc.Offset, y.Offset) with { AOffset = checked((int)argmax.Offset) };
        Kernels.Auto(KernelTable.MaxPool, Count(y), View(xc), View(y), View(argmax), a);
    }

    public void MaxPool2dBackward(Tensor dy, Tensor argmax, Tensor dx)
    {
        RequireContiguous(dx, nameof(MaxPool2dBackward));
        if (dx.NumElements == 0) return;
        Fill(dx, 0f);
        if (dy.NumElements == 0) return;
        using var dyc = dy.Contiguous();
        using var ac = argmax.Contiguous();
        Begin();
        var a = new WindowArgs
        {
            H = dx.Shape[2], W = dx.Shape[3], OH = dy.Shape[2], OW = dy.Shape[3],
            XOffset = checked((int)dyc.Offset), YOffset = checked((int)dx.Offset), AOffset = checked((int)ac.Offset),
        };
        int planes = checked(dx.Shape[0] * dx.Shape[1]);
        Kernels.Auto(KernelTable.MaxPoolBackward, planes, View(dyc), View(ac), View(dx), a);
    }

    public void AvgPool2d(Tensor x, int kernel, int stride, int padding, Tensor y)
    {
        RequireContiguous(y, nameof(AvgPool2d));
        if (y.NumElements == 0) return;
        using var xc = x.Contiguous();
        Begin();
        var a = Window(x.Shape, kernel, kernel, stride, padding, xc.Offset, y.Offset);
        Kernels.Auto(KernelTable.AvgPool, Count(y), View(xc), View(y), a);
    }

    public void AvgPool2dBackward(Tensor dy, int kernel, int stride, int padding, Tensor dx)
    {
        RequireContiguous(dx, nameof(AvgPool2dBackward));
        if (dx.NumElements == 0) return;
        using var dyc = dy.Contiguous();
        Begin();
        var a = Window(dx.Shape, kernel, kernel, stride, padding, dyc.Offset, dx.Offset);
        Kernels.Auto(KernelTable.AvgPoolBackward, Count(dx), View(dyc), View(dx), a);
    }

    /// <summary>The window geometry of an op on images of <paramref name="image"/> [N, C, H, W].</summary>
    private static WindowArgs Window(Shape image, int kh, int kw, int stride, int padding, long xOffset, long yOffset)
    {
        int h = image[2], w = image[3];
        int oh = (h + 2 * padding - kh) / stride + 1, ow = (w + 2 * padding - kw) / stride + 1;
        // Index arithmetic in the kernels is 32-bit: the columns (the largest operand) must stay below 2^31 elements.
        long largest = (long)image[0] * image[1] * Math.Max((long)h * w, (long)kh * kw * oh * ow);
        if (largest + Math.Max(xOffset, yOffset) > int.MaxValue)
            throw new NotSupportedException($"GPU window op on {image} with a {kh}x{kw} kernel: {largest} elements, the kernels index at most 2^31.");
        return new WindowArgs
        {
            H = h, W = w,
            OH = oh, OW = ow,
            KH = kh, KW = kw, Stride = stride, Pad = padding,
            XOffset = checked((int)xOffset), YOffset = checked((int)yOffset),
            Scale = 1f / (kh * kw),
        };
    }

    private static void RequireContiguous(Tensor t, string op)
    {
        if (!t.IsContiguous) throw new ArgumentException($"{op}: the output must be contiguous (got strides of shape {t.Shape}).");
    }
}
