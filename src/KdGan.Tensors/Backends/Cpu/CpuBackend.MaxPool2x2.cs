using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KdGan.Tensors.Backends.Cpu;

// The common 2 x 2, stride 2, unpadded max pool of one plane, without branches: the same rule as the general
// loop of MaxPool2d (the first of the window, then any later value that is larger, or NaN over a number), so
// the same values and indices. With AVX2, eight windows of a row at once (four with SSE): the even and odd columns of
// two input rows split out of 16-float (8-float) loads, the rule applied lane by lane, the flat indices carried as
// exact floats.
public sealed unsafe partial class CpuBackend
{
    private static void MaxPool2x2(float* src, int w, int oh, int ow, float* dst, float* idx, SimdLevel level)
    {
        // Vector paths cover a row with whole vectors of windows; the last vector is moved back to end at the row's last
        // window (overlapping the one before: those windows are computed twice, to the same values), so no scalar tail.
        int width = level >= SimdLevel.Vector256 && Avx2.IsSupported && ow >= 8 ? 8
            : level >= SimdLevel.Vector128 && Sse.IsSupported && ow >= 4 ? 4 : 1;
        for (int oy = 0; oy < oh; oy++)
        {
            float* r0 = src + 2 * oy * w, r1 = r0 + w, d = dst + oy * ow, ix = idx + oy * ow;
            int base0 = 2 * oy * w;
            if (width == 1)
            {
                for (int ox = 0; ox < ow; ox++) Window(r0, r1, w, base0, ox, d, ix);
                continue;
            }
            for (int ox = 0; ; ox += width)
            {
                if (ox > ow - width) ox = ow - width;
                if (width == 8) Windows8(r0, r1, w, base0, ox, d, ix);
                else Windows4(r0, r1, w, base0, ox, d, ix);
                if (ox == ow - width) break;
            }
        }
    }

    /// <summary>Window ox of one output row, scalar.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Window(float* r0, float* r1, int w, int base0, int ox, float* d, float* ix)
    {
        int c = 2 * ox;
        float best = r0[c];
        int at = base0 + c;
        Take(r0[c + 1], base0 + c + 1, ref best, ref at);
        Take(r1[c], base0 + w + c, ref best, ref at);
        Take(r1[c + 1], base0 + w + c + 1, ref best, ref at);
        d[ox] = best;
        ix[ox] = at;
    }

    /// <summary>Windows ox .. ox + 7 of one output row (AVX2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Windows8(float* r0, float* r1, int w, int base0, int ox, float* d, float* ix)
    {
        int c = 2 * ox;
        var (e0, o0) = EvenOdd(r0 + c);
        var (e1, o1) = EvenOdd(r1 + c);
        var at0 = Vector256.Create((float)(base0 + c)) + Vector256.Create(0f, 2, 4, 6, 8, 10, 12, 14);
        var best = e0;
        var at = at0;
        Take(o0, at0 + Vector256.Create(1f), ref best, ref at);
        Take(e1, at0 + Vector256.Create((float)w), ref best, ref at);
        Take(o1, at0 + Vector256.Create((float)(w + 1)), ref best, ref at);
        best.Store(d + ox);
        at.Store(ix + ox);
    }

    /// <summary>Windows ox .. ox + 3 of one output row (SSE).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Windows4(float* r0, float* r1, int w, int base0, int ox, float* d, float* ix)
    {
        int c = 2 * ox;
        var (e0, o0) = EvenOdd4(r0 + c);
        var (e1, o1) = EvenOdd4(r1 + c);
        var at0 = Vector128.Create((float)(base0 + c)) + Vector128.Create(0f, 2, 4, 6);
        var best = e0;
        var at = at0;
        Take(o0, at0 + Vector128.Create(1f), ref best, ref at);
        Take(e1, at0 + Vector128.Create((float)w), ref best, ref at);
        Take(o1, at0 + Vector128.Create((float)(w + 1)), ref best, ref at);
        best.Store(d + ox);
        at.Store(ix + ox);
    }

    /// <summary>Columns 0, 2, 4, 6 and 1, 3, 5, 7 of the 8 floats at p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<float> Even, Vector128<float> Odd) EvenOdd4(float* p)
    {
        var a = Vector128.Load(p);
        var b = Vector128.Load(p + 4);
        return (Sse.Shuffle(a, b, 0b10_00_10_00), Sse.Shuffle(a, b, 0b11_01_11_01));
    }

    /// <summary>Columns 0, 2, .., 14 and 1, 3, .., 15 of the 16 floats at p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Even, Vector256<float> Odd) EvenOdd(float* p)
    {
        var a = Vector256.Load(p);
        var b = Vector256.Load(p + 8);
        // Per 128-bit half: (a0 a2 b0 b2 | a4 a6 b4 b6); then 64-bit pairs reordered to a0 a2 a4 a6 b0 b2 b4 b6.
        var even = Avx2.Permute4x64(Avx.Shuffle(a, b, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle();
        var odd = Avx2.Permute4x64(Avx.Shuffle(a, b, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle();
        return (even, odd);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(float v, int at, ref float best, ref int bestAt)
    {
        bool take = (v > best) | (float.IsNaN(v) & !float.IsNaN(best));
        best = take ? v : best;
        bestAt = take ? at : bestAt;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(Vector256<float> v, Vector256<float> at, ref Vector256<float> best, ref Vector256<float> bestAt)
    {
        var vIsNaN = ~Vector256.Equals(v, v);
        var bestIsNumber = Vector256.Equals(best, best);
        var take = Vector256.GreaterThan(v, best) | (vIsNaN & bestIsNumber);
        best = Vector256.ConditionalSelect(take, v, best);
        bestAt = Vector256.ConditionalSelect(take, at, bestAt);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(Vector128<float> v, Vector128<float> at, ref Vector128<float> best, ref Vector128<float> bestAt)
    {
        var vIsNaN = ~Vector128.Equals(v, v);
        var bestIsNumber = Vector128.Equals(best, best);
        var take = Vector128.GreaterThan(v, best) | (vIsNaN & bestIsNumber);
        best = Vector128.ConditionalSelect(take, v, best);
        bestAt = Vector128.ConditionalSelect(take, at, bestAt);
    }
}
