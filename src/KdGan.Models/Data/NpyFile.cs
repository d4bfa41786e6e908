using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KdGan.Models.Data;

/// <summary>
/// NumPy's <c>.npy</c> format, the two element types the tag data uses: <c>&lt;f4</c> (float32, little
/// endian) and <c>|u1</c> (unsigned bytes), C order. Layout: <c>\x93NUMPY</c>, version (1.0 / 2.0 / 3.0),
/// header length (uint16, or uint32 from 2.0), a Python dict literal
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (n, d), }</c>, then the data.
/// </summary>
public static partial class NpyFile
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyArray Read(string path)
    {
        byte[] all = InputFile.ReadAllBytes(path, ".npy file", 1L << 30, (f, problem) => new DataFormatException(f, problem));
        if (all.Length < 10 || !all.AsSpan(0, 6).SequenceEqual(Magic))
            throw new DataFormatException(path, 0, "the .npy magic \\x93NUMPY", Convert.ToHexString(all.AsSpan(0, Math.Min(6, all.Length))));
        int major = all[6];
        long headerLen;
        int start;
        if (major == 1) { headerLen = BinaryPrimitives.ReadUInt16LittleEndian(all.AsSpan(8)); start = 10; }
        else if (major is 2 or 3 && all.Length >= 12) { headerLen = BinaryPrimitives.ReadUInt32LittleEndian(all.AsSpan(8)); start = 12; }
        else throw new DataFormatException(path, 6, ".npy version 1, 2 or 3", $"{major}");
        if (start + (long)headerLen > all.Length)
            throw new DataFormatException(path, start, $"a header of {headerLen} bytes", $"a file of {all.Length} bytes (truncated)");
        string header = Encoding.Latin1.GetString(all, start, (int)headerLen);
        var descr = DescrRegex().Match(header);
        var fortran = FortranRegex().Match(header);
        var shapeMatch = ShapeRegex().Match(header);
        if (!descr.Success || !fortran.Success || !shapeMatch.Success)
            throw new DataFormatException(path, start, "a header dict with 'descr', 'fortran_order' and 'shape'", Cut(header.Trim()));
        if (fortran.Groups[1].Value != "False")
            throw new DataFormatException(path, start, "'fortran_order': False (C order)", "True");
        int[] shape = ParseShape(path, start, shapeMatch.Groups[1].Value);
        long count = 1;
        foreach (int d in shape)
            if ((count *= d) > Array.MaxLength)
                throw new DataFormatException(path, start, $"at most {Array.MaxLength} elements", $"shape ({string.Join(", ", shape)})");
        string type = descr.Groups[1].Value;
        int item = type switch
        {
            "<f4" => 4,
            "|u1" or "u1" or "<u1" => 1,
            _ => throw new DataFormatException(path, start, "dtype '<f4' (float32) or '|u1' (uint8)", $"'{type}'"),
        };
        long dataStart = start + headerLen;
        if (all.Length - dataStart != count * item)
            throw new DataFormatException(path, dataStart, $"{count * item} data bytes for shape ({string.Join(", ", shape)}) of {type}",
                $"{all.Length - dataStart} ({(all.Length - dataStart < count * item ? "truncated" : "extra bytes")})");
        if (item == 1) return new NpyArray(shape, all.AsSpan((int)dataStart).ToArray(), null);
        var floats = new float[count];
        for (long i = 0; i < count; i++) floats[i] = BinaryPrimitives.ReadSingleLittleEndian(all.AsSpan((int)(dataStart + 4 * i)));
        return new NpyArray(shape, null, floats);
    }

    /// <summary>"(3, 4)", "(7,)", "()": non-negative int32 sizes separated by commas, one trailing comma allowed.</summary>
    private static int[] ParseShape(string path, long offset, string text)
    {
        var parts = text.Split(',').Select(p => p.Trim()).ToList();
        if (parts.Count > 1 && parts[^1].Length == 0) parts.RemoveAt(parts.Count - 1); // "(7,)"
        if (parts.Count == 1 && parts[0].Length == 0) return [];                          // "()": a scalar
        var shape = new int[parts.Count];
        for (int i = 0; i < parts.Count; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw new DataFormatException(path, offset, "a shape of non-negative sizes below 2^31, e.g. (3, 4)", $"({Cut(text)})");
        return shape;
    }

    private static string Cut(string s) => s.Length <= 120 ? s : s[..120] + "...";

    public static void Write(string path, int[] shape, ReadOnlySpan<byte> bytes) => Write(path, shape, "|u1", bytes);

    public static void Write(string path, int[] shape, ReadOnlySpan<float> floats)
    {
        var raw = new byte[floats.Length * 4];
        for (int i = 0; i < floats.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(4 * i), floats[i]);
        Write(path, shape, "<f4", raw);
    }

    private static void Write(string path, int[] shape, string descr, ReadOnlySpan<byte> data)
    {
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        int total = 10 + dict.Length + 1;
        int pad = (64 - total % 64) % 64;
        string header = dict + new string(' ', pad) + "\n";
        using var s = new FileStream(path, FileMode.Create, FileAccess.Write);
        s.Write(Magic);
        s.WriteByte(1);
        s.WriteByte(0);
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
        s.Write(len);
        s.Write(Encoding.Latin1.GetBytes(header));
        s.Write(data);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranRegex();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
