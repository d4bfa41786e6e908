using System.Security.Cryptography;
using KdGan.Models.Data;

namespace KdGan.Models.Experiments;

/// <summary>
/// A short identity of the examples a run trains and selects on: SHA-256 over each view's images and labels, in order,
/// so two data sets that differ in one pixel, one label or the split never share one.
/// </summary>
public static class DataFingerprint
{
    /// <summary>The first 16 hex digits of the SHA-256 of the views' examples.</summary>
    public static string Of(params DataView[] views)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> label = stackalloc byte[4];
        foreach (var view in views)
        {
            foreach (int i in view.Indices)
            {
                hash.AppendData(view.Source.Image(i));
                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(label, view.Source.Labels[i]);
                hash.AppendData(label);
            }
            hash.AppendData("|"u8); // where one view ends
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant();
    }

    /// <summary>The same over posts of <paramref name="data"/>: each split's ids, inputs, texts and tags, in order.</summary>
    public static string OfPosts(TagDataset data, params int[][] splits)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var input = new float[data.InputSize];
        foreach (var split in splits)
        {
            foreach (int i in split)
            {
                data.CopyInput(i, input);
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.AsSpan()));
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{data.Ids[i]}\u0001{data.Texts[i]}\u0001{string.Join('\u0002', data.Tags[i])}\u0003"));
            }
            hash.AppendData("|"u8);
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
