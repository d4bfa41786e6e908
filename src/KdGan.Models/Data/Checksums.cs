using System.Security.Cryptography;

namespace KdGan.Models.Data;

/// <summary>
/// A <c>SHA256SUMS</c> file in the format of <c>sha256sum</c> (<c>HEX  NAME</c> per line), so
/// <c>sha256sum -c SHA256SUMS</c> checks a cache from the shell as well.
/// </summary>
public static class Checksums
{
    public const string FileName = "SHA256SUMS";

    public static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    public static void Write(string folder, IEnumerable<string> fileNames)
    {
        var lines = fileNames.Select(n => $"{Sha256(Path.Combine(folder, n))}  {n}");
        File.WriteAllLines(Path.Combine(folder, FileName), lines);
    }

    /// <summary>Null when every listed file exists and matches; otherwise what is wrong.</summary>
    public static string? Check(string folder)
    {
        string sums = Path.Combine(folder, FileName);
        if (!File.Exists(sums)) return $"{sums} is missing";
        var lines = File.ReadAllLines(sums).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0) return $"{sums} lists no files";
        foreach (var line in lines)
        {
            int sep = line.IndexOf("  ", StringComparison.Ordinal);
            if (sep != 64) return $"{sums}: malformed line '{line}' (expected 64 hex digits, two spaces, a file name)";
            string expected = line[..sep], name = line[(sep + 2)..];
            string path = Path.Combine(folder, name);
            if (!File.Exists(path)) return $"{path} is missing";
            string actual = Sha256(path);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                return $"{path}: SHA-256 is {actual}, {FileName} says {expected}";
        }
        return null;
    }

    /// <summary>Throws a <see cref="DataFormatException"/> when <see cref="Check"/> finds a problem.</summary>
    public static void Verify(string folder, string hint)
    {
        if (Check(folder) is { } problem) throw new DataFormatException(folder, $"checksum check failed: {problem}. {hint}");
    }
}
