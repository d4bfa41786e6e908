using KdGan.Testing;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Reference;

namespace KdGan.Tensors.Tests.Ops;

/// <summary>
/// The fused sequence kernels (SequenceOps / ISequenceKernels): the LSTM cell forward and backward (also into
/// one time step of batch-first buffers) and the embedding gather and its deterministic scatter-add, against
/// ReferenceSequenceOps and, on the ILGPU backends, against the CPU backend. The embedding kernels move or sum
/// in the CPU's order, so their ILGPU results must equal the CPU's bit for bit.
/// </summary>
public abstract class SequenceOpTests : OpTestBase
{
    // (batch, hidden): a single unit, a scalar-tail width and a vector-plus-tail width on the CPU side.
    private static readonly (int B, int H)[] CellCases = [(1, 1), (3, 5), (2, 13)];

    private const float Atol = 2e-6f, Rtol = 2e-5f;

    private void AssertBitIdenticalToCpu(Tensor result, Tensor cpu, string context)
    {
        if (!IsGpu) return;
        var expected = cpu.ToArray();
        var actual = result.ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{D} vs cpu backend, {context}: element {i} is {actual[i]}, the cpu's {expected[i]} (not bit-identical)");
    }

    [BackendFact]
    public void Lstm_cell_and_its_backward_match_the_reference()
    {
        int seed = 0;
        foreach (var (b, h) in CellCases)
            foreach (bool withX in new[] { false, true })
            {
                using var cgates = SeededData.Tensor([b, 4 * h], ++seed, 3f);
                using var cgx = withX ? SeededData.Tensor([b, 4 * h], ++seed, 2f) : null;
                using var cbias = withX ? SeededData.Tensor([4 * h], ++seed, 1f) : null;
                using var ccp = SeededData.Tensor([b, h], ++seed);
                using var gates = OnDevice(cgates);
                using var gx = cgx is null ? null : OnDevice(cgx);
                using var bias = cbias is null ? null : OnDevice(cbias);
                using var cp = OnDevice(ccp);
                var (hh, cc, act) = SequenceOps.LstmCell(gates, gx, bias, cp);
                var (chh, ccc, cact) = SequenceOps.LstmCell(cgates, cgx, cbias, ccp);
                using (hh) using (cc) using (act) using (chh) using (ccc) using (cact)
                {
                    var (hRef, cRef, actRef) = ReferenceSequenceOps.LstmCell(cgates, cgx, cbias, ccp);
                    string ctx = $"lstm cell B{b} H{h} x{withX}";
                    Check(hRef, hh, () => chh.Clone(), Atol, Rtol, ctx + " h");
                    Check(cRef, cc, () => ccc.Clone(), Atol, Rtol, ctx + " c");
                    Check(actRef, act, () => cact.Clone(), Atol, Rtol, ctx + " activations");

                    using var cdh = SeededData.Tensor([b, h], ++seed);
                    using var cdc = SeededData.Tensor([b, h], ++seed);
                    using var dh = OnDevice(cdh);
                    using var dc = OnDevice(cdc);
                    foreach (var (gh, gc, cgh, cgc) in new[] { (dh, dc, cdh, cdc), (dh, null, cdh, null), (null, dc, null, cdc) })
                    {
                        // The backward from the same (CPU) saved state on both backends.
                        using var actD = OnDevice(cact);
                        using var cD = OnDevice(ccc);
                        var (dz, dcp) = SequenceOps.LstmCellBackward(actD, cp, cD, gh, gc);
                        var (cdz, cdcp) = SequenceOps.LstmCellBackward(cact, ccp, ccc, cgh, cgc);
                        var (dzRef, dcpRef) = ReferenceSequenceOps.LstmCellBackward(cact, ccp, ccc, cgh, cgc);
                        using (dz) using (dcp) using (cdz) using (cdcp)
                        {
                            string bctx = $"{ctx} backward dh{gh is not null} dc{gc is not null}";
                            Check(dzRef, dz, () => cdz.Clone(), Atol, Rtol, bctx + " dGates");
                            Check(dcpRef, dcp, () => cdcp.Clone(), Atol, Rtol, bctx + " dcPrev");
                        }
                    }
                }
            }
    }

    [BackendFact]
    public void Lstm_cell_reads_and_writes_one_time_step_of_batch_first_buffers()
    {
        const int b = 2, t = 3, h = 5, step = 1;
        using var cgatesAll = SeededData.Tensor([b, t, 4 * h], 1, 3f);
        using var cgxAll = SeededData.Tensor([b, t, 4 * h], 2, 2f);
        using var ccAllPrev = SeededData.Tensor([b, t, h], 3);
        using var cbias = SeededData.Tensor([4 * h], 4, 1f);
        using var gatesAll = OnDevice(cgatesAll);
        using var gxAll = OnDevice(cgxAll);
        using var cAllPrev = OnDevice(ccAllPrev);
        using var bias = OnDevice(cbias);
        using var actAll = Tensor.Zeros([b, t, 4 * h], D);
        using var cAll = Tensor.Zeros([b, t, h], D);
        using var hAll = Tensor.Zeros([b, t, h], D);
        using var gates = gatesAll.Select(1, step);
        using var gx = gxAll.Select(1, step);
        using var cPrev = cAllPrev.Select(1, step);
        using var act = actAll.Select(1, step);
        using var c = cAll.Select(1, step);
        using var hv = hAll.Select(1, step);
        SequenceOps.LstmCellInto(gates, gx, bias, cPrev, act, c, hv);

        using var cgates = cgatesAll.Select(1, step);
        using var cgx = cgxAll.Select(1, step);
        using var ccPrev = ccAllPrev.Select(1, step);
        var (hRef, cRef, actRef) = ReferenceSequenceOps.LstmCell(cgates, cgx, cbias, ccPrev);
        Tolerance.AssertClose(hRef, hv.ToArray(), Atol, Rtol, $"{D} h view");
        Tolerance.AssertClose(cRef, c.ToArray(), Atol, Rtol, $"{D} c view");
        Tolerance.AssertClose(actRef, act.ToArray(), Atol, Rtol, $"{D} activations view");
        foreach (int other in new[] { 0, 2 })
        {
            using var o1 = hAll.Select(1, other);
            using var o2 = actAll.Select(1, other);
            Assert.All(o1.ToArray(), v => Assert.Equal(0f, v));
            Assert.All(o2.ToArray(), v => Assert.Equal(0f, v));
        }

        using var dGatesAll = Tensor.Zeros([b, t, 4 * h], D);
        using var dcpAll = Tensor.Zeros([b, t, h], D);
        using var cdhAll = SeededData.Tensor([b, t, h], 5);
        using var dhAll = OnDevice(cdhAll);
        using var dGates = dGatesAll.Select(1, step);
        using var dcp = dcpAll.Select(1, step);
        using var dh = dhAll.Select(1, step);
        SequenceOps.LstmCellBackwardInto(act, cPrev, c, dh, null, dGates, dcp);
        using var cact = act.To(Device.Cpu);
        using var cc = c.To(Device.Cpu);
        using var cdh = cdhAll.Select(1, step);
        var (dzRef, dcpRef) = ReferenceSequenceOps.LstmCellBackward(cact, ccPrev, cc, cdh, null);
        Tolerance.AssertClose(dzRef, dGates.ToArray(), Atol, Rtol, $"{D} dGates view");
        Tolerance.AssertClose(dcpRef, dcp.ToArray(), Atol, Rtol, $"{D} dcPrev view");
        using var untouched = dGatesAll.Select(1, 0);
        Assert.All(untouched.ToArray(), v => Assert.Equal(0f, v));
    }

    [BackendFact]
    public void Lstm_cell_saturates_without_nan()
    {
        float[] big = [-200f, -90f, -30f, 0f, 30f, 90f, 200f, 1e30f];
        using var cgates = Tensor.FromArray(Enumerable.Range(0, 32).Select(i => big[i % big.Length] * (i % 3 == 0 ? -1 : 1)).ToArray(), [1, 32]);
        using var ccp = Tensor.FromArray(big, [1, 8]);
        using var gates = OnDevice(cgates);
        using var cp = OnDevice(ccp);
        var (h, c, act) = SequenceOps.LstmCell(gates, null, null, cp);
        using (h) using (c) using (act)
        {
            Assert.All(h.ToArray(), v => Assert.InRange(v, -1f, 1f));
            Assert.All(act.ToArray(), v => Assert.InRange(v, -1f, 1f));
            var (hRef, _, actRef) = ReferenceSequenceOps.LstmCell(cgates, null, null, ccp);
            Tolerance.AssertClose(hRef, h.ToArray(), 1e-6f, 1e-5f, $"{D} saturated h");
            Tolerance.AssertClose(actRef, act.ToArray(), 1e-6f, 1e-5f, $"{D} saturated activations");
        }
    }

    [BackendFact]
    public void Embedding_and_its_backward_match_the_reference_and_the_cpu_bit_for_bit()
    {
        foreach (var (vocab, dim, n) in new[] { (7, 5, 12), (3, 9, 20), (10, 3, 1) })
        {
            var rng = new Random(vocab * dim + n);
            int[] idx = Enumerable.Range(0, n).Select(_ => rng.Next(vocab)).ToArray();
            using var cw = SeededData.Tensor([vocab, dim], vocab);
            using var w = OnDevice(cw);
            using var y = SequenceOps.Embedding(w, idx);
            Assert.Equal(D, y.Device);
            Assert.Equal(ReferenceSequenceOps.Embedding(cw, idx), y.ToArray());

            using var cg = SeededData.Tensor([n, dim], n + 1);
            using var g = OnDevice(cg);
            foreach (int pad in new[] { -1, idx[0] })
            {
                string ctx = $"embedding backward V{vocab} E{dim} N{n} pad{pad}";
                using var dw = SequenceOps.EmbeddingBackward(g, idx, vocab, pad);
                using var cdw = SequenceOps.EmbeddingBackward(cg, idx, vocab, pad);
                Check(ReferenceSequenceOps.EmbeddingBackward(cg, idx, vocab, pad), dw, null, 1e-6f, 1e-5f, ctx);
                AssertBitIdenticalToCpu(dw, cdw, ctx);
            }
        }
    }

    [BackendFact]
    public void Embedding_reads_a_strided_gradient_and_handles_no_indices()
    {
        // A transposed (non-contiguous) gradient is made contiguous by SequenceOps; no indices give zeros.
        int[] idx = [2, 0, 2, 2];
        using var cgt = SeededData.Tensor([3, idx.Length], 7);
        using var cg = cgt.Transpose(0, 1);
        using var gt = OnDevice(cgt);
        using var g = gt.Transpose(0, 1);
        using var dw = SequenceOps.EmbeddingBackward(g, idx, 4);
        using var cdw = SequenceOps.EmbeddingBackward(cg, idx, 4);
        Check(ReferenceSequenceOps.EmbeddingBackward(cg, idx, 4), dw, null, 1e-6f, 1e-5f, "strided gradient");
        AssertBitIdenticalToCpu(dw, cdw, "strided gradient");

        using var none = Tensor.Zeros([0, 3], D);
        using var dz = SequenceOps.EmbeddingBackward(none, [], 2);
        Assert.All(dz.ToArray(), v => Assert.Equal(0f, v));
        using var w = Tensor.Ones([2, 3], D);
        using var e = SequenceOps.Embedding(w, []);
        Assert.Equal(new Shape(0, 3), e.Shape);
    }
}

public sealed class Cpu_SequenceOpTests : SequenceOpTests { protected override BackendKind Kind => BackendKind.Cpu; }
public sealed class IlgpuCpu_SequenceOpTests : SequenceOpTests { protected override BackendKind Kind => BackendKind.IlgpuCpu; }
public sealed class Cuda_SequenceOpTests : SequenceOpTests, IRequiresCuda { protected override BackendKind Kind => BackendKind.Cuda; }
