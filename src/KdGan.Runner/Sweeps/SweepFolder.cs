using System.Text.Json;
using KdGan.Models.Kdgan;
using KdGan.Runner.Cli;

namespace KdGan.Runner.Sweeps;

/// <summary>What sweep.json holds: the grid's axes, every cell, and the command lines that declared them.</summary>
public sealed record SweepManifest(int Version, IReadOnlyList<SweepAxis> Axes, IReadOnlyList<SweepCell> Cells, IReadOnlyList<string> Commands)
{
    public const int CurrentVersion = 1;

    /// <summary>
    /// This sweep extended by <paramref name="other"/>: the axes' values and the cells joined (a cell once, by id). The
    /// same folder holds one sweep over one set of keys; a grid over other keys is refused, naming both sets.
    /// </summary>
    public SweepManifest Merge(SweepManifest other, string where)
    {
        var mine = Axes.Select(a => a.Key).Order().ToList();
        var theirs = other.Axes.Select(a => a.Key).Order().ToList();
        if (!mine.SequenceEqual(theirs))
            throw new UsageException($"sweep: {where} holds a sweep over {string.Join(", ", mine)}, not over {string.Join(", ", theirs)}; use another folder.");
        var axes = Axes.Select(a => new SweepAxis(a.Key, a.Values.Union(other.Axes.Single(o => o.Key == a.Key).Values).ToList())).ToList();
        var cells = Cells.Concat(other.Cells.Where(c => Cells.All(k => k.Id != c.Id))).ToList();
        return new SweepManifest(CurrentVersion, axes, cells, Commands.Concat(other.Commands).Distinct().ToList());
    }

    /// <summary>The keys whose value differs between cells: the table's columns (the others are settings every cell shares).</summary>
    public IReadOnlyList<string> VaryingKeys => Axes.Select(a => a.Key).Where(k => Cells.Select(c => c.Values[k]).Distinct().Count() > 1).ToList();
}

/// <summary>
/// The layout of a sweep folder, its one owner:
/// <c>sweep.json</c> (the manifest), <c>cells/ID/config.json</c> (what <c>kdgan train --config</c> reads),
/// <c>cells/ID/RUN/</c> (the run: metrics.jsonl, checkpoint, result.json), <c>cells/ID/train.log</c> and
/// <c>cells/ID/exit-code</c> (written by whichever runner ran the cell), <c>cache/</c> (pretrained T and D shared by the
/// cells), <c>slurm/</c> (job scripts and Slurm's own logs), and <c>results.md</c> / <c>results.json</c> from collect.
/// Paths are absolute: a cluster task may start in another folder.
/// </summary>
public sealed class SweepFolder(string root)
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string Root { get; } = Path.GetFullPath(root);
    public string ManifestPath => Path.Combine(Root, "sweep.json");
    public string CacheDir => Path.Combine(Root, "cache");
    public string SlurmDir => Path.Combine(Root, "slurm");
    public string CellDir(string id) => Path.Combine(Root, "cells", id);
    public string ConfigPath(string id) => Path.Combine(CellDir(id), "config.json");
    public string LogPath(string id) => Path.Combine(CellDir(id), "train.log");
    public string ExitCodePath(string id) => Path.Combine(CellDir(id), "exit-code");

    /// <summary>The manifest; null when the folder holds no sweep. A damaged one is an error naming the file.</summary>
    public SweepManifest? Load()
    {
        if (!File.Exists(ManifestPath)) return null;
        SweepManifest? m;
        try { m = JsonSerializer.Deserialize<SweepManifest>(File.ReadAllText(ManifestPath), s_json); }
        catch (JsonException e) { throw new UsageException($"sweep: {ManifestPath} is not a sweep manifest ({ConfigOptions.Cut(e.Message)}); delete the folder to start over."); }
        if (m is null || m.Version != SweepManifest.CurrentVersion || m.Axes is null || m.Cells is null || m.Cells.Any(c => c?.Id is null || c.Values is null))
            throw new UsageException($"sweep: {ManifestPath} is not a version-{SweepManifest.CurrentVersion} sweep manifest; delete the folder to start over.");
        return m;
    }

    /// <summary>The manifest, which must exist (collect).</summary>
    public SweepManifest Require() => Load() ?? throw new UsageException($"sweep: {Root} holds no sweep (no {ManifestPath}); create one with kdgan sweep --out {Shell.Quote(Root)} ...");

    /// <summary>Writes the manifest and every cell's config.json (atomically: a task reading one never sees half of it).</summary>
    public void Save(SweepManifest manifest, IEnumerable<(SweepCell Cell, ExperimentConfig Config)> cells)
    {
        foreach (var (cell, cfg) in cells)
        {
            Directory.CreateDirectory(CellDir(cell.Id));
            WriteAtomically(ConfigPath(cell.Id), cfg.ToJson());
        }
        WriteAtomically(ManifestPath, JsonSerializer.Serialize(manifest, s_json));
    }

    public static void WriteAtomically(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string tmp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }
}
