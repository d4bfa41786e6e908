using System.Globalization;

namespace KdGan.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// The GEMM's cache blocking, chosen from the data-cache sizes this machine reports (Linux sysfs,
/// <c>/sys/devices/system/cpu/cpu0/cache/index*/</c>), with conservative defaults where it reports none:
/// <list type="bullet">
/// <item>KC, the depth of a k slice, is fixed at 256. It is the one blocking parameter that changes the rounding
/// (each element of C adds its k slices in turn), so keeping it fixed gives the same bits on every machine and
/// every SIMD level. 256 keeps the A micro-panel (KC x MR, 8 KiB at MR = 8) and one B micro-panel (48 KiB at
/// NR = 48, streamed) close to a 32-48 KiB L1d.</item>
/// <item>NC, the columns of the packed B slice, fills half of the per-core L2: the inner loop runs one A
/// micro-panel (KC x MR, in L1) against every B micro-panel of the slice, so the slice is what L2 must hold.
/// A multiple of every micro-kernel's NR.</item>
/// <item>MC, the rows of the packed A block (read from L3, one micro-panel at a time), is sized the same way,
/// capped at 960; a multiple of every MR.</item>
/// </list>
/// Neither MC nor NC changes any result: they only reorder which tiles are computed when.
/// </summary>
internal static class GemmBlocking
{
    /// <summary>Depth of one k slice; see the class remarks for why it is fixed.</summary>
    public const int KC = 256;

    /// <summary>Least common multiple of the micro-kernels' MR (4, 6, 8, 12) and NR (4, 8, 16, 32, 48).</summary>
    private const int MrMultiple = 24, NrMultiple = 96;

    /// <summary>Data caches of core 0, in bytes, as the machine reports them (defaults where it does not).</summary>
    public static (long L1d, long L2, long L3) Caches { get; } = ReadCaches();

    /// <summary>Rows of the packed A block.</summary>
    public static int MC { get; } = RoundDown(Caches.L2 / 2 / (KC * sizeof(float)), MrMultiple, min: 48, max: 960);

    /// <summary>Columns of the packed B slice.</summary>
    public static int NC { get; } = RoundDown(Caches.L2 / 2 / (KC * sizeof(float)), NrMultiple, min: 256, max: 4096);

    /// <summary>One line for diagnostics, e.g. "L1d 48 KiB, L2 2048 KiB, L3 107520 KiB -> KC 256, MC 960, NC 4096".</summary>
    public static string Describe() =>
        $"L1d {Caches.L1d / 1024} KiB, L2 {Caches.L2 / 1024} KiB, L3 {Caches.L3 / 1024} KiB -> KC {KC}, MC {MC}, NC {NC}";

    private static int RoundDown(long value, int multiple, int min, int max) =>
        (int)Math.Clamp(value / multiple * multiple, min, max);

    private static (long, long, long) ReadCaches()
    {
        long l1 = 32 * 1024, l2 = 512 * 1024, l3 = 8L * 1024 * 1024; // a cautious x64 core when nothing is reported
        try
        {
            const string root = "/sys/devices/system/cpu/cpu0/cache";
            if (!Directory.Exists(root)) return (l1, l2, l3);
            foreach (var dir in Directory.GetDirectories(root, "index*"))
            {
                string type = ReadText(dir, "type"), level = ReadText(dir, "level");
                long size = ParseSize(ReadText(dir, "size"));
                if (size <= 0) continue;
                if (level == "1" && type == "Data") l1 = size;
                else if (level == "2" && type is "Unified" or "Data") l2 = size;
                else if (level == "3" && type is "Unified" or "Data") l3 = size;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return (l1, l2, l3);
    }

    private static string ReadText(string dir, string name)
    {
        string path = Path.Combine(dir, name);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : "";
    }

    /// <summary>sysfs sizes read like "48K", "2048K" or "105M".</summary>
    internal static long ParseSize(string text)
    {
        if (text.Length == 0) return 0;
        long unit = char.ToUpperInvariant(text[^1]) switch { 'K' => 1024, 'M' => 1024 * 1024, 'G' => 1024L * 1024 * 1024, _ => 1 };
        string digits = unit == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long v) && v < (1L << 40) ? v * unit : 0;
    }
}
