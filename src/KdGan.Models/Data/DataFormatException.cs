namespace KdGan.Models.Data;

/// <summary>
/// A data file that is not what its format says it must be (wrong magic, truncated, inconsistent
/// sizes, a bad label). The message names the file, the byte offset where reading stopped, what was
/// expected there and what was found.
/// </summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string file, long offset, string expected, string found, Exception? inner = null)
        : base($"{file}: at byte {offset}: expected {expected}, found {found}.", inner)
    {
        File = file;
        Offset = offset;
        Expected = expected;
        Found = found;
    }

    /// <summary>A whole-file problem (no single offset), e.g. a checksum mismatch.</summary>
    public DataFormatException(string file, string message, Exception? inner = null)
        : base($"{file}: {message}", inner)
    {
        File = file;
        Offset = -1;
        Expected = Found = "";
    }

    public string File { get; }

    /// <summary>Byte offset (in the decompressed stream for a gzipped file); -1 for a whole-file problem.</summary>
    public long Offset { get; }

    public string Expected { get; }
    public string Found { get; }
}
