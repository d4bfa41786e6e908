using System.Buffers.Binary;
using System.IO.Compression;

namespace KdGan.Models.Data;

/// <summary>
/// The IDX format of MNIST and Fashion-MNIST (LeCun et al.): a 4-byte magic <c>00 00 TT NN</c>
/// (TT = element type, 0x08 for unsigned bytes; NN = number of dimensions), NN big-endian int32
/// dimensions, then the elements in row-major order, nothing after them. Files may be gzipped
/// (detected by the gzip magic 1F 8B, not by the name). Only unsigned-byte files are read, the only
/// type these data sets use. Every check fails with a <see cref="DataFormatException"/> naming the
/// file, the offset, what was expected and what was found.
/// </summary>
public static class IdxFile
{
    public const byte UnsignedByte = 0x08;
    private const int MaxRank = 4;

    public static IdxArray Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: {path}", path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        bool gzip = IsGzip(file);
        if (!gzip) return ReadStream(file, path, file.Length);
        using var z = new GZipStream(file, CompressionMode.Decompress);
        try
        {
            return ReadStream(z, path + " (gzip, offsets are in the decompressed data)", knownLength: null);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"not a valid gzip stream ({e.Message}).", e);
        }
    }

    /// <summary>Writes an unsigned-byte IDX file (gzipped when <paramref name="gzip"/>).</summary>
    public static void Write(string path, ReadOnlySpan<int> dims, ReadOnlySpan<byte> data, bool gzip = false)
    {
        if (dims.Length is < 1 or > MaxRank) throw new ArgumentException($"IDX: rank must be 1..{MaxRank}, got {dims.Length}.");
        long n = 1;
        foreach (int d in dims)
        {
            if (d < 0) throw new ArgumentException($"IDX: negative dimension {d}.");
            n *= d;
        }
        if (n != data.Length) throw new ArgumentException($"IDX: dimensions [{string.Join(", ", dims.ToArray())}] hold {n} elements, data has {data.Length}.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using Stream s = gzip ? new GZipStream(file, CompressionLevel.Optimal) : file;
        Span<byte> header = stackalloc byte[4 + 4 * MaxRank];
        header[0] = 0; header[1] = 0; header[2] = UnsignedByte; header[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(header[(4 + 4 * i)..], dims[i]);
        s.Write(header[..(4 + 4 * dims.Length)]);
        s.Write(data);
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> two = stackalloc byte[2];
        int got = file.ReadAtLeast(two, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return got == 2 && two[0] == 0x1F && two[1] == 0x8B;
    }

    private static IdxArray ReadStream(Stream s, string name, long? knownLength)
    {
        Span<byte> magic = stackalloc byte[4];
        int got = s.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (got < 4) throw new DataFormatException(name, 0, "a 4-byte IDX magic number (00 00 08 NN)", $"only {got} bytes in the file");
        if (magic[0] != 0 || magic[1] != 0)
            throw new DataFormatException(name, 0, "IDX magic 00 00 08 NN", $"{Convert.ToHexString(magic)} (not an IDX file)");
        if (magic[2] != UnsignedByte)
            throw new DataFormatException(name, 2, "element type 0x08 (unsigned byte)", $"type 0x{magic[2]:X2} (not supported here)");
        int rank = magic[3];
        if (rank is < 1 or > MaxRank)
            throw new DataFormatException(name, 3, $"1 to {MaxRank} dimensions", $"{rank}");

        var dimBytes = new byte[4 * rank];
        got = s.ReadAtLeast(dimBytes, dimBytes.Length, throwOnEndOfStream: false);
        if (got < dimBytes.Length)
            throw new DataFormatException(name, 4 + got, $"{rank} big-endian int32 dimensions ({dimBytes.Length} bytes)", $"the file ends after {got} of them (truncated)");
        var dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(dimBytes.AsSpan(4 * i));
            if (dims[i] < 0) throw new DataFormatException(name, 4 + 4 * i, $"a non-negative size for dimension {i}", $"{dims[i]}");
            count *= dims[i];
            if (count > Array.MaxLength) throw new DataFormatException(name, 4 + 4 * i, "at most 2^31 elements", $"dimensions [{string.Join(", ", dims[..(i + 1)])}...]");
        }
        long header = 4 + 4L * rank;
        string shape = $"[{string.Join(" x ", dims)}]";
        if (knownLength is { } len && len != header + count)
            throw new DataFormatException(name, Math.Min(len, header + count),
                $"{header + count} bytes ({header} header + {count} data for {shape})",
                len < header + count ? $"{len} bytes (truncated)" : $"{len} bytes ({len - header - count} extra bytes after the data)");

        var data = new byte[count];
        got = s.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (got < count)
            throw new DataFormatException(name, header + got, $"{count} data bytes for {shape}", $"only {got} (truncated)");
        if (knownLength is null && s.ReadByte() != -1)
            throw new DataFormatException(name, header + count, $"the end of the data for {shape}", "extra bytes after it");
        return new IdxArray(dims, data);
    }
}
