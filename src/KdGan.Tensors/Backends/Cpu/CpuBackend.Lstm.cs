using System.Runtime.Intrinsics;

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
// The scalar loop is the spec; the vector loops compute the same lane by lane (sigmoid and tanh via
// SigmoidKernel / TanhKernel, so to within a few ulps).
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
        SigmoidKernel sig = default;
        TanhKernel tanh = default;
        int j = 0;
        if (level >= SimdLevel.Vector256)
            for (; j <= n - 8; j += 8)
            {
                Vector256<float> zi = Vector256.Load(z + j), zf = Vector256.Load(z + n + j), zg = Vector256.Load(z + 2 * n + j), zo = Vector256.Load(z + 3 * n + j);
                if (zx != null) { zi += Vector256.Load(zx + j); zf += Vector256.Load(zx + n + j); zg += Vector256.Load(zx + 2 * n + j); zo += Vector256.Load(zx + 3 * n + j); }
                if (bias != null) { zi += Vector256.Load(bias + j); zf += Vector256.Load(bias + n + j); zg += Vector256.Load(bias + 2 * n + j); zo += Vector256.Load(bias + 3 * n + j); }
                var i = sig.Invoke(zi); var f = sig.Invoke(zf); var g = tanh.Invoke(zg); var o = sig.Invoke(zo);
                var cn = f * Vector256.Load(cp + j) + i * g;
                i.Store(act + j); f.Store(act + n + j); g.Store(act + 2 * n + j); o.Store(act + 3 * n + j);
                cn.Store(c + j);
                (o * tanh.Invoke(cn)).Store(h + j);
            }
        if (level >= SimdLevel.Vector128)
            for (; j <= n - 4; j += 4)
            {
                Vector128<float> zi = Vector128.Load(z + j), zf = Vector128.Load(z + n + j), zg = Vector128.Load(z + 2 * n + j), zo = Vector128.Load(z + 3 * n + j);
                if (zx != null) { zi += Vector128.Load(zx + j); zf += Vector128.Load(zx + n + j); zg += Vector128.Load(zx + 2 * n + j); zo += Vector128.Load(zx + 3 * n + j); }
                if (bias != null) { zi += Vector128.Load(bias + j); zf += Vector128.Load(bias + n + j); zg += Vector128.Load(bias + 2 * n + j); zo += Vector128.Load(bias + 3 * n + j); }
                var i = sig.Invoke(zi); var f = sig.Invoke(zf); var g = tanh.Invoke(zg); var o = sig.Invoke(zo);
                var cn = f * Vector128.Load(cp + j) + i * g;
                i.Store(act + j); f.Store(act + n + j); g.Store(act + 2 * n + j); o.Store(act + 3 * n + j);
                cn.Store(c + j);
                (o * tanh.Invoke(cn)).Store(h + j);
            }
        for (; j < n; j++)
        {
            float zi = z[j], zf = z[n + j], zg = z[2 * n + j], zo = z[3 * n + j];
            if (zx != null) { zi += zx[j]; zf += zx[n + j]; zg += zx[2 * n + j]; zo += zx[3 * n + j]; }
            if (bias != null) { zi += bias[j]; zf += bias[n + j]; zg += bias[2 * n + j]; zo += bias[3 * n + j]; }
            float i = sig.Invoke(zi), f = sig.Invoke(zf), g = tanh.Invoke(zg), o = sig.Invoke(zo);
            float cn = f * cp[j] + i * g;
            act[j] = i; act[n + j] = f; act[2 * n + j] = g; act[3 * n + j] = o;
            c[j] = cn;
            h[j] = o * tanh.Invoke(cn);
        }
    }

    private static void LstmBackwardRow(float* act, float* cp, float* c, float* dh, float* dc, float* dz, float* dcp, int n, SimdLevel level)
    {
        TanhKernel tanh = default;
        int j = 0;
        if (level >= SimdLevel.Vector256)
        {
            var one = Vector256<float>.One;
            for (; j <= n - 8; j += 8)
            {
                Vector256<float> i = Vector256.Load(act + j), f = Vector256.Load(act + n + j), g = Vector256.Load(act + 2 * n + j), o = Vector256.Load(act + 3 * n + j);
                var tc = tanh.Invoke(Vector256.Load(c + j));
                var gh = dh != null ? Vector256.Load(dh + j) : Vector256<float>.Zero;
                var gc = dc != null ? Vector256.Load(dc + j) : Vector256<float>.Zero;
                var dC = gc + gh * o * (one - tc * tc);
                (dC * g * i * (one - i)).Store(dz + j);
                (dC * Vector256.Load(cp + j) * f * (one - f)).Store(dz + n + j);
                (dC * i * (one - g * g)).Store(dz + 2 * n + j);
                (gh * tc * o * (one - o)).Store(dz + 3 * n + j);
                (dC * f).Store(dcp + j);
            }
        }
        if (level >= SimdLevel.Vector128)
        {
            var one = Vector128<float>.One;
            for (; j <= n - 4; j += 4)
            {
                Vector128<float> i = Vector128.Load(act + j), f = Vector128.Load(act + n + j), g = Vector128.Load(act + 2 * n + j), o = Vector128.Load(act + 3 * n + j);
                var tc = tanh.Invoke(Vector128.Load(c + j));
                var gh = dh != null ? Vector128.Load(dh + j) : Vector128<float>.Zero;
                var gc = dc != null ? Vector128.Load(dc + j) : Vector128<float>.Zero;
                var dC = gc + gh * o * (one - tc * tc);
                (dC * g * i * (one - i)).Store(dz + j);
                (dC * Vector128.Load(cp + j) * f * (one - f)).Store(dz + n + j);
                (dC * i * (one - g * g)).Store(dz + 2 * n + j);
                (gh * tc * o * (one - o)).Store(dz + 3 * n + j);
                (dC * f).Store(dcp + j);
            }
        }
        for (; j < n; j++)
        {
            float i = act[j], f = act[n + j], g = act[2 * n + j], o = act[3 * n + j];
            float tc = tanh.Invoke(c[j]);
            float gh = dh != null ? dh[j] : 0f, gc = dc != null ? dc[j] : 0f;
            float dC = gc + gh * o * (1f - tc * tc);
            dz[j] = dC * g * i * (1f - i);
            dz[n + j] = dC * cp[j] * f * (1f - f);
            dz[2 * n + j] = dC * i * (1f - g * g);
            dz[3 * n + j] = gh * tc * o * (1f - o);
            dcp[j] = dC * f;
        }
    }
}
