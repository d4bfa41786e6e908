using System.Security.Cryptography;
using System.Text;
using KdGan.Models.Kdgan;
using KdGan.Runner.Cli;

namespace KdGan.Runner.Sweeps;

/// <summary>
/// One cell of a sweep: its id, the grid values that made it (key -> value as typed) and its configuration. The id is
/// the first 12 hex digits of the SHA-256 of the cell's effective configuration (<see cref="ExperimentConfig.Effective"/>)
/// with the folders the sweep chooses left out, so the same configuration always gets the same id: a sweep run again
/// finds its finished cells, and two grid points that train alike (alpha for a method that does not read it) are one cell.
/// </summary>
public sealed record SweepCell(string Id, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The cells of <paramref name="grid"/> for the sweep in <paramref name="folder"/>, validated, one per distinct id, in grid order.</summary>
    public static List<(SweepCell Cell, ExperimentConfig Config)> Expand(SweepGrid grid, SweepFolder folder)
    {
        var given = grid.Axes.Select(a => a.Key).ToHashSet();
        var cells = new List<(SweepCell, ExperimentConfig)>();
        var seen = new HashSet<string>();
        foreach (var values in grid.Expand())
        {
            var cfg = new ExperimentConfig();
            foreach (var (key, raw) in values) ConfigOptions.Set(cfg, key, ConfigOptions.Parse(key, raw));
            cfg.ApplyPresets(given);
            if (!given.Contains("cacheDir")) cfg.CacheDir = folder.CacheDir; // pretrained T and D shared by the cells
            string id = IdOf(cfg);
            cfg.OutDir = folder.CellDir(id);
            try { cfg.Validate(); }
            catch (ConfigException e)
            {
                string flag = ConfigOptions.All.FirstOrDefault(o => o.Key == e.Key) is { } o ? "--" + o.Flag : e.Key;
                throw new UsageException($"sweep: {flag} {e.Problem} (in the cell {Describe(values)})");
            }
            var read = cfg.Spec.KeysRead(cfg).Concat(Models.Kdgan.MethodTable.Placement).ToHashSet();
            var shown = values.ToDictionary(kv => kv.Key, kv => read.Contains(kv.Key) ? kv.Value : Unused);
            if (seen.Add(id)) cells.Add((new SweepCell(id, shown), cfg));
        }
        return cells;
    }

    /// <summary>The value shown for a grid key the cell's method does not read (alpha for the student): it does not make another cell.</summary>
    public const string Unused = "-";

    /// <summary>The id of a configuration: its effective configuration without outDir and cacheDir, hashed.</summary>
    public static string IdOf(ExperimentConfig cfg)
    {
        var e = cfg.Effective();
        (e.OutDir, e.CacheDir) = ("", "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e.ToJson())))[..12];
    }

    /// <summary>"alpha=0.1 seed=2": the values of <paramref name="keys"/> (all of them when null).</summary>
    public static string Describe(IReadOnlyDictionary<string, string> values, IEnumerable<string>? keys = null) =>
        string.Join(' ', (keys ?? values.Keys).Select(k => $"{k}={values[k]}"));

    /// <summary>The command that trains (or resumes) this cell, with <paramref name="kdgan"/> the way to start kdgan.</summary>
    public string Command(SweepFolder folder, string kdgan) => $"{kdgan} train --config {Shell.Quote(folder.ConfigPath(Id))} --resume";
}

/// <summary>Shell quoting for the commands and scripts a sweep writes.</summary>
public static class Shell
{
    public static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "-_=.,/:@+%".Contains(c)) ? s : $"'{s.Replace("'", "'\\''")}'";

    /// <summary>How this kdgan is started from a shell: its apphost, or the dotnet host with kdgan.dll.</summary>
    public static string ThisKdgan()
    {
        string? process = Environment.ProcessPath;
        string dll = typeof(SweepCell).Assembly.Location;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "kdgan") return Quote(process);
        string host = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
        return $"{Quote(host)} {Quote(dll)}";
    }
}
