using KdGan.Tensors.Backends.Cpu.Conv;
namespace KdGan.Tensors.Backends.Cpu;

// Both convolution gradients from batch-innermost copies of the output gradient: dX by one GEMM
// over the batch and a batch-innermost col2im (Conv/ConvInputGrad.cs), dW with the images in the SIMD lanes
// (Conv/ConvWeightGrad.cs). Both need FMA vectors (the composition's GEMM at Vector256 and above is an FMA
// chain); below that the caller composes.
public sealed unsafe partial class CpuBackend
{
    public bool TryConv2dBackward(Tensor dy, Tensor x, Tensor w, int stride, int padding, Tensor? dx, Tensor? dw)
    {
        var level = BeginOp();
        if (level < SimdLevel.Vector256) return false;
        var g = ConvGeometry.Of(x, w, stride, padding);
        if (dw is not null)
        {
            // The images in groups of one register, each group's data contiguous (Conv/ConvWeightGrad.cs).
            int lanes = ConvWeightGrad.Lanes(level);
            using var gtGrouped = new ScratchBuffer((long)g.O * g.L * lanes * ((g.N + lanes - 1) / lanes));
            BatchInnerLayout.ToBatchInner(Ptr(dy) + dy.Offset, g.O, g.L, g.N, lanes, gtGrouped.Ptr);
            using var input = new PaddedInput(Ptr(x) + x.Offset, g, lanes);
            ConvWeightGrad.Run(gtGrouped.Ptr, input.Xt, input.GroupLength, input.RowOffset, input.PixelOffset, g, Ptr(dw) + dw.Offset, level);
        }
        if (dx is not null)
        {
            using var gt = new ScratchBuffer((long)g.O * g.L * g.N);
            using var dxt = new ScratchBuffer((long)g.C * g.H * g.W * g.N);
            BatchInnerLayout.ToBatchInner(Ptr(dy) + dy.Offset, g.O, g.L, g.N, g.N, gt.Ptr);
            ConvInputGrad.Run(gt.Ptr, Ptr(w) + w.Offset, g, dxt.Ptr, level);
            BatchInnerLayout.FromBatchInner(dxt.Ptr, null, g.C, g.H * g.W, g.N, Ptr(dx) + dx.Offset);
        }
        return true;
    }
}
