using KdGan.Testing;
using KdGan.Tensors;
using KdGan.Tensors.Backends;
using KdGan.Tensors.Backends.Reference;

namespace KdGan.Tensors.Tests.Ops;

/// <summary>Unary and binary elementwise ops, broadcasting, strided views, Fill and Copy.</summary>
public abstract class ElementwiseOpTests : OpTestBase
{
    private const float Atol = 1e-6f, Rtol = 2e-6f;

    private static bool NeedsPositive(UnaryOp op) => op is UnaryOp.Log or UnaryOp.Sqrt or UnaryOp.PowScalar;

    private static float AlphaFor(UnaryOp op) => op switch
    {
        UnaryOp.PowScalar => 1.5f,
        UnaryOp.LeakyRelu => 0.1f,
        UnaryOp.GreaterThanScalar => 0.25f,
        _ => 0.7f,
    };

    [BackendFact]
    public void Unary_every_op_matches_the_reference_on_contiguous_and_strided_inputs()
    {
        foreach (var op in Enum.GetValues<UnaryOp>())
        {
            using var raw = SeededData.Tensor([3, 5, 4], seed: (int)op + 1);
            using var pos = raw.Abs();
            using var shifted = pos + 0.1f;
            var cpuX = NeedsPositive(op) ? shifted : raw;
            using var x = OnDevice(cpuX);
            float alpha = AlphaFor(op);
            using (var y = x.Apply(op, alpha))
                Check(ReferenceOps.Unary(op, cpuX, alpha), y, () => cpuX.Apply(op, alpha), Atol, Rtol, $"{op} contiguous");
            using var cpuView = cpuX.Permute(2, 0, 1).Slice(1, 1, 3);
            using var view = x.Permute(2, 0, 1).Slice(1, 1, 3);
            using (var y = view.Apply(op, alpha))
                Check(ReferenceOps.Unary(op, cpuView, alpha), y, () => cpuView.Apply(op, alpha), Atol, Rtol, $"{op} permuted slice");
        }
    }

    [BackendFact]
    public void Binary_every_op_matches_the_reference_with_broadcasting()
    {
        foreach (var op in Enum.GetValues<BinaryOp>())
        {
            using var ca = SeededData.Tensor([2, 3, 4], seed: 10 + (int)op);
            using var cb0 = SeededData.Tensor([3, 1], seed: 20 + (int)op);
            // Equal needs some equal pairs: reuse a's values in b.
            using var cb = op == BinaryOp.Equal ? ca.Slice(2, 1, 2).Select(0, 0) : cb0.Apply(UnaryOp.AddScalar, 0f);
            using var a = OnDevice(ca);
            using var b = OnDevice(cb);
            using var y = Tensor.Apply(op, a, b);
            Check(ReferenceOps.Binary(op, ca, cb, out var shape), y, () => Tensor.Apply(op, ca, cb), Atol, Rtol, $"{op} [2,3,4] with {cb.Shape}");
            Assert.Equal(shape, y.Shape);
        }
    }

    [BackendFact]
    public void Binary_broadcast_patterns_and_views()
    {
        Shape[] others = [[4], [1], [2, 1, 4], [3, 1], [2, 3, 1], [1, 3, 4], []];
        using var ca = SeededData.Tensor([2, 3, 4], seed: 3);
        using var a = OnDevice(ca);
        foreach (var s in others)
        {
            using var cb = SeededData.Tensor(s, seed: s.Rank + 40);
            using var b = OnDevice(cb);
            using var y = b - a;
            Check(ReferenceOps.Binary(BinaryOp.Sub, cb, ca, out _), y, () => cb - ca, Atol, Rtol, $"{s} - [2,3,4]");
        }
        // A transposed operand against a contiguous one.
        using var cm = SeededData.Tensor([5, 7], seed: 5);
        using var cn = SeededData.Tensor([7, 5], seed: 6);
        using var m = OnDevice(cm);
        using var n = OnDevice(cn);
        using var cmt = cm.T();
        using var mt = m.T();
        using var z = mt * n;
        Check(ReferenceOps.Binary(BinaryOp.Mul, cmt, cn, out _), z, () => cmt * cn, Atol, Rtol, "transposed * contiguous");
    }

    [BackendFact]
    public void Fill_and_Copy_reach_exactly_the_viewed_elements()
    {
        using var t = Tensor.Zeros([4, 6], D);
        using (var cols = t.Slice(1, 1, 6, step: 2)) cols.Fill_(3f);
        var v = t.ToArray();
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 6; j++)
                Assert.Equal(j % 2 == 1 ? 3f : 0f, v[i * 6 + j]);

        using var csrc = SeededData.Tensor([6, 4], seed: 9);
        using var src = OnDevice(csrc);
        using var dst = Tensor.Zeros([4, 6], D);
        using (var st = src.T()) dst.CopyFrom(st);
        using var cst = csrc.T();
        Check(ReferenceOps.Values(cst), dst, null, 0, 0, "copy of a transpose");

        using var row = OnDevice(SeededData.Tensor([6], seed: 2));
        using var bdst = Tensor.Zeros([3, 6], D);
        bdst.CopyFrom(row);
        var rv = row.ToArray();
        var bv = bdst.ToArray();
        for (int i = 0; i < 3; i++) Assert.Equal(rv, bv.Skip(i * 6).Take(6).ToArray());
    }

    [BackendFact]
    public void Empty_and_scalar_tensors()
    {
        using var e = Tensor.Zeros([0, 3], D);
        using var ee = e.Exp();
        Assert.Empty(ee.ToArray());
        using var s = Tensor.Scalar(2f, D);
        using var t = s * s;
        Assert.Equal(4f, t.Item());
    }

    [BackendFact]
    public void Results_are_bit_identical_run_to_run()
    {
        using var x = OnDevice(SeededData.Tensor([37, 11], seed: 4));
        using var a = x.Sigmoid();
        using var b = x.Sigmoid();
        Assert.Equal(a.ToArray(), b.ToArray());
    }
}
