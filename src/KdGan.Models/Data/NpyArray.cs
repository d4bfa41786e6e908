namespace KdGan.Models.Data;

/// <summary>An array read from a .npy file: exactly one of <see cref="Bytes"/> (uint8) and <see cref="Floats"/> (float32) is set.</summary>
public sealed record NpyArray(int[] Shape, byte[]? Bytes, float[]? Floats)
{
    public long Count => Bytes?.LongLength ?? Floats!.LongLength;
}
