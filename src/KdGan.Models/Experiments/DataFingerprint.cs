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
}
