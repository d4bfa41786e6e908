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

    /// <summary>The largest IDX file read, compressed or not (the MNIST training images are 47 MB).</summary>
    public const long MaxFileBytes = 1L << 30;
    private const int MaxRank = 4;

    public static IdxArray Read(string path)
    {
        using var file = InputFile.Open(path, "IDX file", MaxFileBytes, (p, problem) => new DataFormatException(p, problem));
        bool gzip = IsGzip(file);
        if (!gzip) return ReadStream(file, path, file.Length);
        // The gzip trailer ends with ISIZE, the decompressed length mod 2^32: a file cut before its trailer fails here.
        if (file.Length < 18) throw new DataFormatException(path, file.Length, "a gzip stream (at least 18 bytes: header and trailer)", $"{file.Length} bytes");
        Span<byte> isize = stackalloc byte[4];
        file.Position = file.Length - 4;
        file.ReadExactly(isize);
        file.Position = 0;
        using var z = new GZipStream(file, CompressionMode.Decompress);
        try
        {
            var array = ReadStream(z, path + " (gzip, offsets are in the decompressed data)", knownLength: null);
            long decompressed = 4 + 4L * array.Dims.Length + array.Data.Length;
            if ((uint)decompressed != BinaryPrimitives.ReadUInt32LittleEndian(isize))
                throw new DataFormatException(path, file.Length - 4, $"a gzip trailer whose size field is {(uint)decompressed} (the bytes read)",
                    $"{BinaryPrimitives.ReadUInt32LittleEndian(isize)} (the trailer is missing or the file is cut or padded)");
            return array;
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

        // Allocation follows what the stream holds, not what the header claims: a gzip stream's length is unknown until
        // read, so the buffer grows (doubling, from 1 MiB) only as data arrives.
        var data = knownLength is not null ? new byte[count] : new byte[Math.Min(count, 1 << 20)];
        long got2 = 0;
        while (got2 < count)
        {
            if (got2 == data.Length) Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
            int n = s.Read(data, (int)got2, (int)(data.Length - got2));
            if (n == 0) break;
            got2 += n;
        }
        if (got2 < count)
            throw new DataFormatException(name, header + got2, $"{count} data bytes for {shape}", $"only {got2} (truncated)");
        if (knownLength is null && s.ReadByte() != -1)
            throw new DataFormatException(name, header + count, $"the end of the data for {shape}", "extra bytes after it");
        return new IdxArray(dims, data);
    }
}
