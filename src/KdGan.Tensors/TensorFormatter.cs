using System.Globalization;
using System.Text;

namespace KdGan.Tensors;

/// <summary>
/// Prints a tensor like PyTorch: nested brackets, aligned columns, 4 decimals (scientific when the
/// magnitudes call for it), and "..." once a tensor has more than 1000 elements (3 items kept at each edge).
/// </summary>
internal static class TensorFormatter
{
    private const int Threshold = 1000, EdgeItems = 3;

    public static string Format(Tensor t)
    {
        if (t.IsDisposed) return $"tensor(<disposed>, shape={t.Shape})";
        float[] values = t.ToArray();
        bool summarize = values.Length > Threshold;
        var dims = t.Shape.ToArray();
        var finite = values.Where(float.IsFinite).Select(MathF.Abs).ToArray();
        bool intMode = finite.All(v => v == MathF.Floor(v));
        float maxAbs = finite.Length > 0 ? finite.Max() : 0f;
        float minAbs = finite.Where(v => v > 0).DefaultIfEmpty(0f).Min();
        bool sci = !intMode && (maxAbs >= 1e8f || (minAbs > 0 && minAbs < 1e-4f) || (minAbs > 0 && maxAbs / minAbs > 1000f));
        string Fmt(float v) =>
            float.IsNaN(v) ? "nan" : float.IsPositiveInfinity(v) ? "inf" : float.IsNegativeInfinity(v) ? "-inf"
            : intMode ? v.ToString("0", CultureInfo.InvariantCulture) + "."
            : sci ? v.ToString("0.0000e+00", CultureInfo.InvariantCulture)
            : v.ToString("0.0000", CultureInfo.InvariantCulture);
        int width = values.Length == 0 ? 0 : values.Max(v => Fmt(v).Length);

        var sb = new StringBuilder("tensor(");
        if (dims.Length == 0) sb.Append(Fmt(values[0]));
        else if (values.Length == 0) sb.Append("[]");
        else Append(sb, values, dims, 0, 0, width, summarize, Fmt, indent: 7);
        if (values.Length == 0 || (t.Rank > 0 && dims.Any(d => d == 0))) sb.Append($", size={t.Shape}");
        if (t.Device.Kind != DeviceKind.Cpu) sb.Append($", device='{t.Device}'");
        return sb.Append(')').ToString();
    }

    private static void Append(StringBuilder sb, float[] values, int[] dims, int axis, long offset, int width,
        bool summarize, Func<float, string> fmt, int indent)
    {
        long blockSize = 1;
        for (int d = axis + 1; d < dims.Length; d++) blockSize *= dims[d];
        int n = dims[axis];
        var indices = summarize && n > 2 * EdgeItems
            ? Enumerable.Range(0, EdgeItems).Append(-1).Concat(Enumerable.Range(n - EdgeItems, EdgeItems))
            : Enumerable.Range(0, n);
        sb.Append('[');
        bool first = true;
        foreach (int i in indices)
        {
            if (!first)
            {
                sb.Append(',');
                if (axis == dims.Length - 1) sb.Append(' ');
                else sb.Append('\n', dims.Length - 1 - axis).Append(' ', indent + axis + 1);
            }
            first = false;
            if (i < 0) { sb.Append("..."); continue; }
            if (axis == dims.Length - 1) sb.Append(fmt(values[offset + i]).PadLeft(width));
            else Append(sb, values, dims, axis + 1, offset + i * blockSize, width, summarize, fmt, indent);
        }
        sb.Append(']');
    }
}
