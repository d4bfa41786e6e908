namespace KdGan.Models.Data;

/// <summary>An unsigned-byte array read from an IDX file: its dimensions and its row-major data.</summary>
public sealed record IdxArray(int[] Dims, byte[] Data)
{
    public int Count => Dims.Length == 0 ? 0 : Dims[0];

    public override string ToString() => $"IDX ubyte [{string.Join(", ", Dims)}]";
}
