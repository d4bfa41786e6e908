using System.Runtime.InteropServices;

namespace KdGan.Models.Data;

/// <summary>
/// The one way readers open a file they are given: a regular file (a symbolic link to one is fine) no larger than the
/// reader's cap. A directory, a FIFO, a device or a socket (which could block a read forever or never end, like
/// /dev/zero), a link loop, a missing file and an oversized file are refused with a message that says what the path is.
/// </summary>
public static class InputFile
{
    /// <summary>Opens <paramref name="path"/> for reading; <paramref name="maxBytes"/> caps its size.</summary>
    /// <param name="what">What the file should be, for messages ("IDX file", "checkpoint").</param>
    /// <param name="fail">Makes the reader's own exception from the path and the problem.</param>
    public static FileStream Open(string path, string what, long maxBytes, Func<string, string, Exception> fail)
    {
        Check(path, what, maxBytes, fail);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    /// <summary>All bytes of <paramref name="path"/>, after the same checks.</summary>
    public static byte[] ReadAllBytes(string path, string what, long maxBytes, Func<string, string, Exception> fail)
    {
        Check(path, what, maxBytes, fail);
        return File.ReadAllBytes(path);
    }

    /// <summary>Throws unless <paramref name="path"/> is a regular file of at most <paramref name="maxBytes"/>; returns its length.</summary>
    public static long Check(string path, string what, long maxBytes, Func<string, string, Exception> fail)
    {
        if (Directory.Exists(path)) throw fail(path, $"is a directory, not a {what}.");
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (info.LinkTarget is not null) _ = info.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException e) { throw fail(path, $"cannot be followed to a {what} ({e.Message}): a symbolic link loop?"); }
        if (!info.Exists) throw new FileNotFoundException($"{path}: no such {what}.", path);
        if (Kind(path) is { } kind) throw fail(path, $"is {kind}, not a regular file: give a {what}.");
        if (info.Length > maxBytes) throw fail(path, $"is {info.Length:N0} bytes, more than the {maxBytes:N0} a {what} may have (docs/exit-codes.md).");
        return info.Length;
    }

    /// <summary>"a FIFO", "a character device", ...: what a non-regular file is; null for a regular file (or where stat is not available).</summary>
    private static string? Kind(string path)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64)) return null;
        var buf = new byte[256];
        try
        {
            if (stat(path, buf) != 0) return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
        // struct stat: st_mode follows st_dev and st_ino (and st_nlink on x86-64).
        uint mode = BitConverter.ToUInt32(buf, RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 24 : 16);
        return (mode & 0xF000) switch
        {
            0x8000 => null,            // S_IFREG
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            0x4000 => "a directory",
            _ => $"a special file (mode {mode:X})",
        };
    }

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int stat(string path, byte[] buffer);
}
