using KdGan.Tensors.Backends.Cpu;
using KdGan.Tensors.Backends.Reference;
using KdGan.Testing;
using static KdGan.Testing.Tolerance;

namespace KdGan.Tensors.Tests.Cpu;

/// <summary>The sequence kernels of the CPU backend (LSTM cell, embedding) against ReferenceSequenceOps, at every SIMD level.</summary>
public class SequenceKernelTests
{
    // (batch, hidden): hidden 13 and 37 exercise every vector loop plus a scalar tail; 16 is all-vector.
    public static readonly (int B, int H)[] CellCases = [(1, 1), (3, 5), (4, 16), (2, 13), (5, 37)];

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void LstmCellMatchesReference(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        int seed = 0;
        foreach (var (b, h) in CellCases)
            foreach (bool withX in new[] { false, true })
            {
                using var gates = SeededData.Tensor([b, 4 * h], ++seed, 3f);
                using var gx = withX ? SeededData.Tensor([b, 4 * h], ++seed, 2f) : null;
                using var bias = withX ? SeededData.Tensor([4 * h], ++seed, 1f) : null;
                using var cPrev = SeededData.Tensor([b, h], ++seed, 2f);
                var (hh, cc, act) = SequenceOps.LstmCell(gates, gx, bias, cPrev);
                Assert.Equal(level, CpuBackend.LastPath);
                var (hRef, cRef, actRef) = ReferenceSequenceOps.LstmCell(gates, gx, bias, cPrev);
                string ctx = $"lstm cell B{b} H{h} x{withX} {level}";
                using (hh) using (cc) using (act)
                {
                    AssertClose(hRef, hh.ToArray(), 2e-6f, 2e-5f, ctx + " h");
                    AssertClose(cRef, cc.ToArray(), 2e-6f, 2e-5f, ctx + " c");
                    AssertClose(actRef, act.ToArray(), 2e-6f, 2e-5f, ctx + " activations");

                    using var dh = SeededData.Tensor([b, h], ++seed);
                    using var dc = SeededData.Tensor([b, h], ++seed);
                    foreach (var (gh, gc) in new[] { (dh, dc), (dh, null), (null, dc) })
                    {
                        var (dz, dcp) = SequenceOps.LstmCellBackward(act, cPrev, cc, gh, gc);
                        Assert.Equal(level, CpuBackend.LastPath);
                        var (dzRef, dcpRef) = ReferenceSequenceOps.LstmCellBackward(act, cPrev, cc, gh, gc);
                        using (dz) using (dcp)
                        {
                            AssertClose(dzRef, dz.ToArray(), 2e-6f, 2e-5f, $"{ctx} dGates dh{gh is not null} dc{gc is not null}");
                            AssertClose(dcpRef, dcp.ToArray(), 2e-6f, 2e-5f, $"{ctx} dcPrev dh{gh is not null} dc{gc is not null}");
                        }
                    }
                }
            }
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void LstmCellReadsAndWritesOneTimeStepOfBatchFirstBuffers(SimdLevel level)
    {
        // Time step t of [B, T, 4H] / [B, T, H] buffers: row stride T*4H / T*H, written in place.
        using var forced = CpuSimd.Force(level);
        const int b = 3, t = 4, h = 11, step = 2;
        using var gatesAll = SeededData.Tensor([b, t, 4 * h], 1, 3f);
        using var gxAll = SeededData.Tensor([b, t, 4 * h], 2, 2f);
        using var cAllPrev = SeededData.Tensor([b, t, h], 3);
        using var actAll = Tensor.Zeros([b, t, 4 * h]);
        using var cAll = Tensor.Zeros([b, t, h]);
        using var hAll = Tensor.Zeros([b, t, h]);
        using var gates = gatesAll.Select(1, step);
        using var gx = gxAll.Select(1, step);
        using var cPrev = cAllPrev.Select(1, step);
        using var act = actAll.Select(1, step);
        using var c = cAll.Select(1, step);
        using var hv = hAll.Select(1, step);
        SequenceOps.LstmCellInto(gates, gx, null, cPrev, act, c, hv);
        var (hRef, cRef, actRef) = ReferenceSequenceOps.LstmCell(gates, gx, null, cPrev);
        AssertClose(hRef, hv.ToArray(), 2e-6f, 2e-5f, "h view");
        AssertClose(cRef, c.ToArray(), 2e-6f, 2e-5f, "c view");
        AssertClose(actRef, act.ToArray(), 2e-6f, 2e-5f, "activations view");
        // Other time steps untouched.
        using var other = hAll.Select(1, step - 1);
        Assert.All(other.ToArray(), v => Assert.Equal(0f, v));

        using var dGatesAll = Tensor.Zeros([b, t, 4 * h]);
        using var dGates = dGatesAll.Select(1, step);
        using var dhAll = SeededData.Tensor([b, t, h], 4);
        using var dh = dhAll.Select(1, step);
        using var dcp = Tensor.Empty([b, h], Device.Cpu);
        SequenceOps.LstmCellBackwardInto(act, cPrev, c, dh, null, dGates, dcp);
        var (dzRef, dcpRef) = ReferenceSequenceOps.LstmCellBackward(act, cPrev, c, dh, null);
        AssertClose(dzRef, dGates.ToArray(), 2e-6f, 2e-5f, "dGates view");
        AssertClose(dcpRef, dcp.ToArray(), 2e-6f, 2e-5f, "dcPrev");
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void LstmCellSaturatesWithoutNaN(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        float[] big = [-200f, -90f, -30f, 0f, 30f, 90f, 200f, 1e30f];
        using var gates = Tensor.FromArray(Enumerable.Range(0, 32).Select(i => big[i % big.Length] * (i % 3 == 0 ? -1 : 1)).ToArray(), [1, 32]);
        using var cPrev = Tensor.FromArray(big, [1, 8]);
        var (h, c, act) = SequenceOps.LstmCell(gates, null, null, cPrev);
        using (h) using (c) using (act)
        {
            Assert.All(h.ToArray(), v => Assert.InRange(v, -1f, 1f));
            Assert.All(act.ToArray(), v => Assert.InRange(v, -1f, 1f));
            var (hRef, _, actRef) = ReferenceSequenceOps.LstmCell(gates, null, null, cPrev);
            AssertClose(hRef, h.ToArray(), 1e-6f, 1e-5f, "saturated h");
            AssertClose(actRef, act.ToArray(), 1e-6f, 1e-5f, "saturated activations");
        }
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void EmbeddingAndItsBackwardMatchReference(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        foreach (var (vocab, dim, n) in new[] { (7, 5, 12), (50, 16, 40), (3, 37, 9), (100, 3, 1) })
        {
            var rng = new Random(vocab * dim + n);
            int[] idx = Enumerable.Range(0, n).Select(_ => rng.Next(vocab)).ToArray();
            using var w = SeededData.Tensor([vocab, dim], vocab);
            using var y = SequenceOps.Embedding(w, idx);
            Assert.Equal(level, CpuBackend.LastPath);
            Assert.Equal(ReferenceSequenceOps.Embedding(w, idx), y.ToArray());

            using var g = SeededData.Tensor([n, dim], n + 1);
            foreach (int pad in new[] { -1, idx[0] })
            {
                using var dw = SequenceOps.EmbeddingBackward(g, idx, vocab, pad);
                Assert.Equal(level, CpuBackend.LastPath);
                AssertClose(ReferenceSequenceOps.EmbeddingBackward(g, idx, vocab, pad), dw.ToArray(), 1e-6f, 1e-5f, $"embedding backward V{vocab} E{dim} N{n} pad{pad}");
            }
        }
    }

    [Fact]
    public void EmbeddingBackwardIsBitIdenticalOnAnyThreadCount()
    {
        // Many repeats of few rows: the order of accumulation is what could differ.
        var rng = new Random(3);
        int[] idx = Enumerable.Range(0, 4000).Select(_ => rng.Next(6)).ToArray();
        using var g = SeededData.Tensor([idx.Length, 33], 9);
        int saved = CpuThreads.Count;
        try
        {
            CpuThreads.Count = 1;
            using var one = SequenceOps.EmbeddingBackward(g, idx, 6);
            CpuThreads.Count = 3;
            using var three = SequenceOps.EmbeddingBackward(g, idx, 6);
            Assert.Equal(one.ToArray(), three.ToArray());
        }
        finally { CpuThreads.Count = saved; }
    }

    [Fact]
    public void BadSequenceArgumentsAreNamed()
    {
        using var w = Tensor.Zeros([10, 4]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SequenceOps.Embedding(w, [1, 10, 2]));
        Assert.Contains("index 10", e.Message);
        Assert.Contains("vocabulary of size 10", e.Message);
        Assert.Contains("index -1", Assert.Throws<ArgumentOutOfRangeException>(() => SequenceOps.Embedding(w, [-1])).Message);
        using var ids = Tensor.FromArray([1f, 2.5f]);
        Assert.Contains("index 2.5", Assert.Throws<ArgumentOutOfRangeException>(() => SequenceOps.ToIndices(ids, 10)).Message);

        using var gates = Tensor.Zeros([2, 12]);
        using var cPrev = Tensor.Zeros([2, 4]);
        Assert.Contains("[B, 4H] = [2, 16]", Assert.Throws<ArgumentException>(() => SequenceOps.LstmCell(gates, null, null, cPrev)).Message);
        using var gates16 = Tensor.Zeros([2, 16]);
        using var wrongBias = Tensor.Zeros([12]);
        Assert.Contains("bias", Assert.Throws<ArgumentException>(() => SequenceOps.LstmCell(gates16, null, wrongBias, cPrev)).Message);
    }
}
