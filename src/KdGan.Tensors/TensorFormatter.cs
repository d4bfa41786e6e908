using System.Globalization;

namespace KdGan.Tensors;

/// <summary>
/// Prints a tensor exactly as PyTorch prints a float32 tensor with the default print options
/// (precision 4, threshold 1000, edgeitems 3, linewidth 80). Each piece follows its counterpart in
/// torch/_tensor_str.py: <see cref="NumberFormat"/> is <c>_Formatter</c>, <see cref="Summarized"/> is
/// <c>get_summarized_data</c>, <see cref="Render"/> is <c>_tensor_str_with_formatter</c> plus
/// <c>_vector_str</c>, and <see cref="AddSuffixes"/> is <c>_add_suffixes</c>.
/// </summary>
internal static class TensorFormatter
{
    private const int Threshold = 1000, EdgeItems = 3, LineWidth = 80;
    private const string Prefix = "tensor(";

    public static string Format(Tensor t)
    {
        if (t.IsDisposed) return $"tensor(<disposed>, shape={t.Shape})";
        float[] values = t.ToArray();
        int[] dims = t.Shape.ToArray();
        var suffixes = new List<string>();
        string body;
        if (values.Length == 0)
        {
            body = "[]";
            if (dims.Length != 1) suffixes.Add("size=(" + string.Join(", ", dims) + ")");
        }
        else
        {
            // More than `threshold` elements: only the edge items are shown, and only they set the format.
            bool summarize = values.Length > Threshold;
            var format = new NumberFormat(summarize ? Summarized(values, dims, 0, 0) : values);
            body = dims.Length == 0 ? format.Format(values[0])
                : Render(values, dims, 0, 0, Prefix.Length, summarize, format);
        }
        if (t.Device.Kind != DeviceKind.Cpu) suffixes.Add($"device='{t.Device}'");
        return AddSuffixes(Prefix + body, suffixes);
    }

    /// <summary>Indices shown along an axis of length <paramref name="n"/>; -1 marks the "..." gap.</summary>
    private static IEnumerable<int> Shown(int n, bool summarize) =>
        summarize && n > 2 * EdgeItems
            ? Enumerable.Range(0, EdgeItems).Append(-1).Concat(Enumerable.Range(n - EdgeItems, EdgeItems))
            : Enumerable.Range(0, n);

    private static long BlockSize(int[] dims, int axis)
    {
        long size = 1;
        for (int d = axis + 1; d < dims.Length; d++) size *= dims[d];
        return size;
    }

    private static IEnumerable<float> Summarized(float[] values, int[] dims, int axis, long offset) =>
        Shown(dims[axis], summarize: true).Where(i => i >= 0).SelectMany(i => axis == dims.Length - 1
            ? new[] { values[offset + i] }
            : Summarized(values, dims, axis + 1, offset + i * BlockSize(dims, axis)));

    private static string Render(float[] values, int[] dims, int axis, long offset, int indent, bool summarize, NumberFormat format)
    {
        var shown = Shown(dims[axis], summarize);
        if (axis == dims.Length - 1)
        {
            // _vector_str: the gap is the element " ...", and rows wrap at linewidth.
            var items = shown.Select(i => i < 0 ? " ..." : format.Format(values[offset + i])).ToArray();
            int perLine = Math.Max(1, (LineWidth - indent) / (format.Width + 2));
            var lines = items.Chunk(perLine).Select(line => string.Join(", ", line));
            return "[" + string.Join(",\n" + new string(' ', indent + 1), lines) + "]";
        }
        long block = BlockSize(dims, axis);
        var slices = shown.Select(i => i < 0 ? "..." : Render(values, dims, axis + 1, offset + i * block, indent + 1, summarize, format));
        return "[" + string.Join("," + new string('\n', dims.Length - 1 - axis) + new string(' ', indent + 1), slices) + "]";
    }

    private static string AddSuffixes(string text, List<string> suffixes)
    {
        int lastLineLength = text.Length - text.LastIndexOf('\n') + 1;
        foreach (string suffix in suffixes)
        {
            if (lastLineLength + suffix.Length + 2 > LineWidth)
            {
                text += ",\n" + new string(' ', Prefix.Length) + suffix;
                lastLineLength = Prefix.Length + suffix.Length;
            }
            else
            {
                text += ", " + suffix;
                lastLineLength += suffix.Length + 2;
            }
        }
        return text + ")";
    }

    /// <summary>
    /// _Formatter: integers print as "3." unless the nonzero finite magnitudes span more than 1000x or
    /// exceed 1e8; other values print as "%.4f" unless they span more than 1000x, exceed 1e8 or go
    /// below 1e-4; otherwise "%.4e". Every value is right-aligned to the widest nonzero finite one.
    /// </summary>
    private sealed class NumberFormat
    {
        private readonly bool _intMode = true, _sciMode;

        public NumberFormat(IEnumerable<float> values)
        {
            var nonzeroFinite = values.Where(v => float.IsFinite(v) && v != 0).ToArray();
            if (nonzeroFinite.Length == 0) return;
            double min = nonzeroFinite.Min(v => Math.Abs((double)v)), max = nonzeroFinite.Max(v => Math.Abs((double)v));
            _intMode = nonzeroFinite.All(v => v == MathF.Ceiling(v));
            _sciMode = max / min > 1000.0 || max > 1e8 || (!_intMode && min < 1e-4);
            Width = nonzeroFinite.Max(v => Text(v).Length);
        }

        public int Width { get; } = 1;

        public string Format(float v) => Text(v).PadLeft(Width);

        // .NET's "F"/"E" with a precision round the exact binary value half-to-even, as Python's '%.4f' does.
        private string Text(float v)
        {
            if (float.IsNaN(v)) return "nan";
            if (float.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
            double d = v;
            if (_sciMode)
            {
                string[] parts = d.ToString("E4", CultureInfo.InvariantCulture).Split('E');
                int exponent = int.Parse(parts[1], CultureInfo.InvariantCulture);
                return $"{parts[0]}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):D2}";
            }
            return _intMode ? d.ToString("F0", CultureInfo.InvariantCulture) + "."
                : d.ToString("F4", CultureInfo.InvariantCulture);
        }
    }
}
