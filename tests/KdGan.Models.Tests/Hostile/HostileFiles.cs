using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using KdGan.Models.Checkpoints;
using KdGan.Models.Data;

namespace KdGan.Models.Tests.Hostile;

/// <summary>Builders of small valid files for each reader, and the one rule every reader obeys on bad input.</summary>
public static class HostileFiles
{
    /// <summary>A safetensors file with one F32 tensor "w" [2, 3] and the given header JSON in place of the real one.</summary>
    public static byte[] SafeTensors(string? header = null)
    {
        header ??= """{"__metadata__":{"epoch":"1"},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}""";
        var json = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + json.Length + 24];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        for (int i = 0; i < 6; i++) BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(8 + json.Length + 4 * i), i * 0.5f);
        return file;
    }

    /// <summary>An unsigned-byte IDX file of the given dimensions (the data as claimed unless <paramref name="dataBytes"/>).</summary>
    public static byte[] Idx(int[] dims, int? dataBytes = null)
    {
        long n = dataBytes ?? dims.Aggregate(1L, (a, d) => a * d);
        var file = new byte[4 + 4 * dims.Length + n];
        file[2] = IdxFile.UnsignedByte;
        file[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(4 + 4 * i), dims[i]);
        for (long i = 0; i < n; i++) file[4 + 4 * dims.Length + i] = (byte)(i * 7);
        return file;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
        return ms.ToArray();
    }

    /// <summary>A .npy file (version 1) with the given header dict and data.</summary>
    public static byte[] Npy(string dict, byte[] data)
    {
        var header = Encoding.Latin1.GetBytes(dict + "\n");
        var file = new byte[10 + header.Length + data.Length];
        file[0] = 0x93;
        "NUMPY"u8.CopyTo(file.AsSpan(1));
        file[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), (ushort)header.Length);
        header.CopyTo(file, 10);
        data.CopyTo(file, 10 + header.Length);
        return file;
    }

    /// <summary>Reads a file with a reader: success or the project's own format exception, never anything else.</summary>
    public static Exception? Outcome(Action read)
    {
        try { read(); return null; }
        catch (Exception e) when (e is DataFormatException or CheckpointFormatException or FileNotFoundException) { return e; }
    }
}
