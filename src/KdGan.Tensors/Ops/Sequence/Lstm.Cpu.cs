namespace KdGan.Tensors.Backends.Cpu;

// The pointwise part of an LSTM step, forward and backward, each one pass over the batch rows (split over
// threads; each row is independent). A gate row of width 4H holds i | f | g | o, so column j of the hidden
// state reads the four gate pre-activations at j, H + j, 2H + j and 3H + j: four unit-stride streams.
// Matrices may have any row stride (one time step of a [B, T, X] buffer); columns are unit stride.
//
// Forward, per element:  i = sigma(z_i)  f = sigma(z_f)  g = tanh(z_g)  o = sigma(z_o)
//                        c = f cPrev + i g      h = o tanh(c)
// Backward:              dC = dc + dh o (1 - tanh^2 c)
//                        dz_i = dC g i (1 - i)   dz_f = dC cPrev f (1 - f)   dz_g = dC i (1 - g^2)
//                        dz_o = dh tanh(c) o (1 - o)                          dcPrev = dC f
// Each body is written once over IFloatLanes (FloatLanes.cs) and run at 256, 128 bits and one float; the scalar
// run is the spec, the vector runs compute the same lane by lane (sigmoid and tanh via SigmoidKernel / TanhKernel,
// so to within a few ulps).
public sealed unsafe partial class CpuBackend : ISequenceKernels
{
    /// <summary>Rows per thread such that each thread gets at least this many hidden units to work on.</summary>
    private const int LstmMinPerThread = 4096;

    private static float* Row(Tensor? t, long r) => t is null ? null : Ptr(t) + t.Offset + r * t.Strides[0];

    public void LstmCell(Tensor gates, Tensor? gatesX, Tensor? bias, Tensor cPrev, Tensor activations, Tensor c, Tensor h)
    {
        var level = BeginOp();
        int rows = cPrev.Shape[0], hidden = cPrev.Shape[1];
        float* pb = bias is null ? null : Ptr(bias) + bias.Offset;
        Parallelism.ForRanges(rows, Math.Max(1, LstmMinPerThread / Math.Max(1, hidden)), (s, e) =>
        {
            for (long r = s; r < e; r++)
                LstmForwardRow(Row(gates, r), Row(gatesX, r), pb, Row(cPrev, r), Row(activations, r), Row(c, r), Row(h, r), hidden, level);
        });
    }

    public void LstmCellBackward(Tensor activations, Tensor cPrev, Tensor c, Tensor? dh, Tensor? dc, Tensor dGates, Tensor dcPrev)
    {
        var level = BeginOp();
        int rows = c.Shape[0], hidden = c.Shape[1];
        Parallelism.ForRanges(rows, Math.Max(1, LstmMinPerThread / Math.Max(1, hidden)), (s, e) =>
        {
            for (long r = s; r < e; r++)
                LstmBackwardRow(Row(activations, r), Row(cPrev, r), Row(c, r), Row(dh, r), Row(dc, r), Row(dGates, r), Row(dcPrev, r), hidden, level);
        });
    }

    private static void LstmForwardRow(float* z, float* zx, float* bias, float* cp, float* act, float* c, float* h, int n, SimdLevel level)
    {
        int j = 0;
        if (level >= SimdLevel.Vector256) j = LstmForwardRun<Lanes256>(j, z, zx, bias, cp, act, c, h, n);
        if (level >= SimdLevel.Vector128) j = LstmForwardRun<Lanes128>(j, z, zx, bias, cp, act, c, h, n);
        LstmForwardRun<Lanes1>(j, z, zx, bias, cp, act, c, h, n);
    }

    /// <summary>Hidden units j.. in steps of one register of <typeparamref name="TL"/>; returns the first unit left.</summary>
    private static int LstmForwardRun<TL>(int j, float* z, float* zx, float* bias, float* cp, float* act, float* c, float* h, int n)
        where TL : struct, IFloatLanes<TL>
    {
        for (; j <= n - TL.Count; j += TL.Count)
        {
            TL zi = TL.Load(z + j), zf = TL.Load(z + n + j), zg = TL.Load(z + 2 * n + j), zo = TL.Load(z + 3 * n + j);
            if (zx != null)
            {
                zi += TL.Load(zx + j); zf += TL.Load(zx + n + j); zg += TL.Load(zx + 2 * n + j); zo += TL.Load(zx + 3 * n + j);
            }
            if (bias != null)
            {
                zi += TL.Load(bias + j); zf += TL.Load(bias + n + j); zg += TL.Load(bias + 2 * n + j); zo += TL.Load(bias + 3 * n + j);
            }
            TL i = zi.Sigmoid(), f = zf.Sigmoid(), g = zg.Tanh(), o = zo.Sigmoid();
            var cn = f * TL.Load(cp + j) + i * g;
            i.Store(act + j); f.Store(act + n + j); g.Store(act + 2 * n + j); o.Store(act + 3 * n + j);
            cn.Store(c + j);
            (o * cn.Tanh()).Store(h + j);
        }
        return j;
    }

    private static void LstmBackwardRow(float* act, float* cp, float* c, float* dh, float* dc, float* dz, float* dcp, int n, SimdLevel level)
    {
        int j = 0;
        if (level >= SimdLevel.Vector256) j = LstmBackwardRun<Lanes256>(j, act, cp, c, dh, dc, dz, dcp, n);
        if (level >= SimdLevel.Vector128) j = LstmBackwardRun<Lanes128>(j, act, cp, c, dh, dc, dz, dcp, n);
        LstmBackwardRun<Lanes1>(j, act, cp, c, dh, dc, dz, dcp, n);
    }

    /// <summary>Hidden units j.. in steps of one register of <typeparamref name="TL"/>; returns the first unit left.</summary>
    private static int LstmBackwardRun<TL>(int j, float* act, float* cp, float* c, float* dh, float* dc, float* dz, float* dcp, int n)
        where TL : struct, IFloatLanes<TL>
    {
        var one = TL.One;
        for (; j <= n - TL.Count; j += TL.Count)
        {
            TL i = TL.Load(act + j), f = TL.Load(act + n + j), g = TL.Load(act + 2 * n + j), o = TL.Load(act + 3 * n + j);
            var tc = TL.Load(c + j).Tanh();
            var gh = dh != null ? TL.Load(dh + j) : TL.Zero;
            var gc = dc != null ? TL.Load(dc + j) : TL.Zero;
            var dC = gc + gh * o * (one - tc * tc);
            (dC * g * i * (one - i)).Store(dz + j);
            (dC * TL.Load(cp + j) * f * (one - f)).Store(dz + n + j);
            (dC * i * (one - g * g)).Store(dz + 2 * n + j);
            (gh * tc * o * (one - o)).Store(dz + 3 * n + j);
            (dC * f).Store(dcp + j);
        }
        return j;
    }
}
