using KdGan.Testing;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Reference;

namespace KdGan.Tensors.Tests.Ops;

/// <summary>
/// The fused layer kernels (LayerOps / ILayerKernels): im2col and col2im, max and average pooling with their
/// backward passes, against ReferenceLayerOps and, on the ILGPU backends, against the CPU backend. The
/// data-movement and pooling kernels sum in the CPU's order, so the ILGPU results must equal the CPU's bit for bit
/// (the run-to-run check also covers the Gumbel kernels of GumbelOpTests).
/// </summary>
public abstract class LayerOpTests : OpTestBase
{
    /// <summary>(input shape, kernel h, kernel w, stride, padding): same and valid padding, strides, non-square kernels.</summary>
    private static readonly (Shape X, int KH, int KW, int Stride, int Pad)[] ConvCases =
    [
        ([2, 2, 5, 4], 3, 3, 1, 1),
        ([1, 3, 7, 6], 3, 3, 2, 0),
        ([1, 1, 6, 6], 5, 5, 1, 2),
        ([1, 2, 5, 5], 2, 3, 2, 1),
        ([2, 1, 4, 3], 1, 1, 1, 0),
    ];

    /// <summary>(input shape, kernel, stride, padding): disjoint, overlapping and padded windows.</summary>
    private static readonly (Shape X, int K, int Stride, int Pad)[] PoolCases =
    [
        ([1, 2, 4, 6], 2, 2, 0),
        ([1, 1, 7, 5], 3, 2, 1),
        ([2, 3, 5, 5], 2, 1, 0),
        ([1, 2, 6, 7], 3, 3, 1),
    ];

    /// <summary>Asserts that the device result equals the CPU backend's bit for bit (on the ILGPU backends).</summary>
    private void AssertSameAsCpu(Tensor result, Func<Tensor> cpuResult, string context)
    {
        if (!IsGpu) return;
        using var cpu = cpuResult();
        var expected = cpu.ToArray();
        var actual = result.ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{D} vs cpu backend, {context}: element {i} is {actual[i]}, the cpu's {expected[i]} (not bit-identical)");
    }

    /// <summary>Values rounded to multiples of 0.25: plenty of ties inside pooling windows.</summary>
    private static Tensor Coarse(Shape shape, int seed)
    {
        using var d = SeededData.Tensor(shape, seed, scale: 1f);
        var v = d.ToArray().Select(x => MathF.Round(x * 4f) / 4f).ToArray();
        return Tensor.FromArray(v, shape);
    }

    [BackendFact]
    public void Im2col_matches_the_reference()
    {
        foreach (var (shape, kh, kw, stride, pad) in ConvCases)
        {
            using var cx = SeededData.Tensor(shape, seed: (int)shape.NumElements + kh);
            using var x = OnDevice(cx);
            using var cols = LayerOps.Im2Col(x, kh, kw, stride, pad);
            string ctx = $"im2col of {shape}, {kh}x{kw} stride {stride} pad {pad}";
            Check(ReferenceLayerOps.Im2Col(cx, kh, kw, stride, pad), cols, () => LayerOps.Im2Col(cx, kh, kw, stride, pad), 0f, 0f, ctx);
        }
    }

    [BackendFact]
    public void Im2col_reads_a_strided_input_in_place()
    {
        using var cbase = SeededData.Tensor([1, 5, 4, 2], seed: 11);
        using var cx = cbase.Permute(0, 3, 2, 1); // [1, 2, 4, 5], not contiguous
        using var xbase = OnDevice(cbase);
        using var x = xbase.Permute(0, 3, 2, 1);
        using var cols = LayerOps.Im2Col(x, 3, 2, 1, 1);
        Check(ReferenceLayerOps.Im2Col(cx, 3, 2, 1, 1), cols, () => LayerOps.Im2Col(cx, 3, 2, 1, 1), 0f, 0f, "im2col of a permuted input");
    }

    [BackendFact]
    public void Col2im_is_the_adjoint_and_sums_in_the_cpu_order()
    {
        foreach (var (shape, kh, kw, stride, pad) in ConvCases)
        {
            int oh = (shape[2] + 2 * pad - kh) / stride + 1, ow = (shape[3] + 2 * pad - kw) / stride + 1;
            using var ccols = SeededData.Tensor([shape[0], shape[1] * kh * kw, oh * ow], seed: 3 + kh * kw);
            using var cols = OnDevice(ccols);
            using var dx = LayerOps.Col2Im(cols, shape, kh, kw, stride, pad);
            string ctx = $"col2im into {shape}, {kh}x{kw} stride {stride} pad {pad}";
            Func<Tensor> cpu = () => LayerOps.Col2Im(ccols, shape, kh, kw, stride, pad);
            Check(ReferenceLayerOps.Col2Im(ccols.ToArray(), shape, kh, kw, stride, pad), dx, cpu, 1e-5f, 1e-5f, ctx);
            AssertSameAsCpu(dx, cpu, ctx);
        }
    }

    [BackendFact]
    public void Max_pooling_and_its_backward_match_the_reference()
    {
        foreach (var (shape, k, stride, pad) in PoolCases)
        {
            using var cx = Coarse(shape, seed: (int)shape.NumElements);
            using var x = OnDevice(cx);
            var (y, arg) = LayerOps.MaxPool2d(x, k, stride, pad);
            using var _y = y;
            using var _arg = arg;
            string ctx = $"maxpool {k} stride {stride} pad {pad} of {shape}";
            var (refValues, refArg) = ReferenceLayerOps.Pool2d(cx, k, stride, pad, max: true);
            var (cy, carg) = LayerOps.MaxPool2d(cx, k, stride, pad);
            using var _cy = cy;
            using var _carg = carg;
            Check(refValues, y, () => cy.Clone(), 0f, 0f, ctx);
            Check(refArg, arg, () => carg.Clone(), 0f, 0f, ctx + " (argmax)");

            // Backward: dy routed to the argmax of each window, summed where windows share a maximum.
            using var cdy = SeededData.Tensor(y.Shape, seed: 5);
            using var dy = OnDevice(cdy);
            using var dx = LayerOps.MaxPool2dBackward(dy, arg, shape);
            var expected = new double[shape.NumElements];
            var g = cdy.ToArray();
            int plane = shape[2] * shape[3], outputs = y.Shape[2] * y.Shape[3];
            for (int o = 0; o < g.Length; o++) expected[o / outputs * plane + (int)refArg[o]] += g[o];
            Func<Tensor> cpu = () => LayerOps.MaxPool2dBackward(cdy, carg, shape);
            Check(expected.Select(v => (float)v).ToArray(), dx, cpu, 1e-6f, 1e-6f, ctx + " backward");
            AssertSameAsCpu(dx, cpu, ctx + " backward");
        }
    }

    [BackendFact]
    public void Max_pooling_propagates_nan_and_infinity()
    {
        var v = new float[] { 1, float.NaN, 3, 4, float.NegativeInfinity, float.NegativeInfinity, 2, float.PositiveInfinity };
        using var cx = Tensor.FromArray(v, [1, 1, 2, 4]);
        using var x = OnDevice(cx);
        var (y, arg) = LayerOps.MaxPool2d(x, 2, 2);
        using var _y = y;
        using var _arg = arg;
        Assert.True(float.IsNaN(y.ToArray()[0]));
        Assert.Equal(float.PositiveInfinity, y.ToArray()[1]);
        Assert.Equal(new float[] { 1, 7 }, arg.ToArray());
    }

    [BackendFact]
    public void Average_pooling_and_its_backward_match_the_reference()
    {
        foreach (var (shape, k, stride, pad) in PoolCases)
        {
            using var cx = SeededData.Tensor(shape, seed: 2 * (int)shape.NumElements);
            using var x = OnDevice(cx);
            using var y = LayerOps.AvgPool2d(x, k, stride, pad);
            string ctx = $"avgpool {k} stride {stride} pad {pad} of {shape}";
            Func<Tensor> cpuY = () => LayerOps.AvgPool2d(cx, k, stride, pad);
            Check(ReferenceLayerOps.Pool2d(cx, k, stride, pad, max: false).Values, y, cpuY, 1e-6f, 1e-5f, ctx);
            AssertSameAsCpu(y, cpuY, ctx);

            // Backward: <dx, x'> = <dy, avgpool(x')> for every x', i.e. dx = avgpool's adjoint applied to dy.
            using var cdy = SeededData.Tensor(y.Shape, seed: 9);
            using var dy = OnDevice(cdy);
            using var dx = LayerOps.AvgPool2dBackward(dy, shape, k, stride, pad);
            var expected = new double[shape.NumElements];
            var g = cdy.ToArray();
            int h = shape[2], w = shape[3], oh = y.Shape[2], ow = y.Shape[3];
            for (int p = 0; p < shape[0] * shape[1]; p++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                        for (int i = 0; i < k; i++)
                            for (int j = 0; j < k; j++)
                            {
                                int iy = oy * stride - pad + i, ix = ox * stride - pad + j;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) expected[(p * h + iy) * w + ix] += g[(p * oh + oy) * ow + ox] / (double)(k * k);
                            }
            Func<Tensor> cpu = () => LayerOps.AvgPool2dBackward(cdy, shape, k, stride, pad);
            Check(expected.Select(v => (float)v).ToArray(), dx, cpu, 1e-6f, 1e-5f, ctx + " backward");
            AssertSameAsCpu(dx, cpu, ctx + " backward");
        }
    }

    [BackendFact]
    public void Layer_kernels_are_bit_identical_run_to_run()
    {
        using var cx = SeededData.Tensor([2, 2, 6, 5], seed: 21);
        using var x = OnDevice(cx);
        using var cl = SeededData.Tensor([3, 40], seed: 22);
        using var l = OnDevice(cl);
        float[] Run()
        {
            using var cols = LayerOps.Im2Col(x, 3, 3, 1, 1);
            using var back = LayerOps.Col2Im(cols, x.Shape, 3, 3, 1, 1);
            var (m, arg) = LayerOps.MaxPool2d(x, 3, 2, 1);
            using var _m = m;
            using var _arg = arg;
            using var mb = LayerOps.MaxPool2dBackward(m, arg, x.Shape);
            using var a = LayerOps.AvgPool2d(x, 2, 1, 0);
            using var ab = LayerOps.AvgPool2dBackward(a, x.Shape, 2, 1, 0);
            using var gm = GumbelOps.GumbelMax(l, 3, 1, 2);
            using var gs = GumbelOps.GumbelSoftmax(l, 0.5f, 1, 2);
            return [.. back.ToArray(), .. mb.ToArray(), .. ab.ToArray(), .. gm.ToArray(), .. gs.ToArray()];
        }
        var first = Run();
        var second = Run();
        Assert.Equal(first.Select(BitConverter.SingleToInt32Bits), second.Select(BitConverter.SingleToInt32Bits));
    }
}

// The layer-kernel suite on each backend (the other families' subclasses live in Backends/).
public sealed class Cpu_LayerOpTests : LayerOpTests { protected override BackendKind Kind => BackendKind.Cpu; }
public sealed class IlgpuCpu_LayerOpTests : LayerOpTests { protected override BackendKind Kind => BackendKind.IlgpuCpu; }
public sealed class Cuda_LayerOpTests : LayerOpTests, IRequiresCuda { protected override BackendKind Kind => BackendKind.Cuda; }
