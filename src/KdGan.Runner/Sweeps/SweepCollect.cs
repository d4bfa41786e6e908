using System.Globalization;
using System.Text;
using System.Text.Json;
using KdGan.Runner.Reports;

namespace KdGan.Runner.Sweeps;

/// <summary>One row of a sweep's table: the cells that differ only in their seed.</summary>
public sealed record SweepRow(IReadOnlyDictionary<string, string> Values, int Seeds, Stat Final, Stat AtBestValidation, Stat BestTest, Stat BestValidation);

/// <summary>Mean and sample standard deviation in percent over N runs.</summary>
public sealed record Stat(double Mean, double Std, int N)
{
    public static Stat Of(IEnumerable<double> xs)
    {
        var (m, s, n) = ResultTable.Stats(xs);
        return new Stat(m, s, n);
    }

    public override string ToString() => Mean < 0 ? "n/a" : N > 1 ? $"{Mean:F2} +- {Std:F2}" : $"{Mean:F2}"; // n/a: no validation split
}

/// <summary>
/// `kdgan sweep collect SWEEP [--out DIR]`: the finished cells' results as one table (results.md and results.json): a row per
/// setting of the varying keys, mean +- std over its seeds of the final test score, the test score at the best
/// validation evaluation and the best test score (a selection on the test set, flagged as such), and the row with the best
/// mean validation score. Cells that are not finished are listed with their state and log.
/// </summary>
public static class SweepCollect
{
    /// <summary>Writes results.md and results.json into <paramref name="outDir"/> (the sweep folder when null) and prints the table.</summary>
    public static int Run(SweepFolder folder, string? outDir, TextWriter o)
    {
        string target = outDir ?? folder.Root;
        Directory.CreateDirectory(target);
        var manifest = folder.Require();
        var statuses = manifest.Cells.Select(c => CellStatus.Of(folder, c)).ToList();
        var varying = manifest.VaryingKeys; // derived from every cell: computed once
        var columns = varying.Where(k => k != "seed").ToList();
        var rows = statuses.Where(s => s.Result is not null)
            .GroupBy(s => string.Join('\u0001', columns.Select(k => s.Cell.Values[k])))
            .Select(g =>
            {
                var runs = g.Select(s => s.Result!).ToList();
                return new SweepRow(columns.ToDictionary(k => k, k => g.First().Cell.Values[k]), runs.Count,
                    Stat.Of(runs.Select(r => r.FinalTestAccuracy)), Stat.Of(runs.Select(r => r.TestAccuracyAtBestValidation)),
                    Stat.Of(runs.Select(r => r.BestTestAccuracy)), Stat.Of(runs.Select(r => r.BestValidationAccuracy)));
            }).ToList();
        var best = rows.Count == 0 || rows.All(r => r.BestValidation.Mean < 0) ? null : rows.MaxBy(r => r.BestValidation.Mean); // none without validation
        string md = Markdown(folder, manifest, varying, columns, rows, best, statuses);
        File.WriteAllText(Path.Combine(target, "results.md"), md);
        var json = new
        {
            sweep = folder.Root,
            fixedSettings = Fixed(manifest, varying),
            columns,
            rows,
            bestByValidation = best,
            cells = statuses.Select(s => new { s.Cell.Id, s.Cell.Values, State = s.State.ToString(), s.Detail, s.Log, s.Result?.FinalTestAccuracy, s.Result?.TestAccuracyAtBestValidation, s.Result?.BestTestAccuracy, s.Result?.Seconds }),
        };
        File.WriteAllText(Path.Combine(target, "results.json"),
            JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        o.Write(md);
        return 0;
    }

    /// <summary>The grid keys every cell shares, with their one value.</summary>
    private static Dictionary<string, string> Fixed(SweepManifest m, IReadOnlyList<string> varying) =>
        m.Axes.Select(a => a.Key).Where(k => !varying.Contains(k) && m.Cells.Count > 0).ToDictionary(k => k, k => m.Cells[0].Values[k]);

    private static string Markdown(SweepFolder folder, SweepManifest manifest, IReadOnlyList<string> varying, List<string> columns, List<SweepRow> rows, SweepRow? best, List<CellStatus> statuses)
    {
        var s = new StringBuilder();
        s.Append($"# Sweep {Path.GetFileName(folder.Root)}\n\n");
        foreach (string c in manifest.Commands) s.Append($"Command: `{c}`  \n");
        s.Append(CultureInfo.InvariantCulture, $"Collected with `kdgan sweep collect {Path.GetRelativePath(Environment.CurrentDirectory, folder.Root)}` on {DateTime.UtcNow:yyyy-MM-dd}, " +
                                               $"on {MachineInfo.CpuModel} ({MachineInfo.Simd}).  \n");
        var done = statuses.Where(x => x.Result is not null).ToList();
        if (done.Count > 0)
            s.Append(CultureInfo.InvariantCulture, $"Time: {done.Sum(x => x.Result!.Seconds) / 60:F1} min of training in the {done.Count} finished cells " +
                                                   $"({done.Min(x => x.Result!.Seconds):F0} to {done.Max(x => x.Result!.Seconds):F0} s each).  \n");
        var fixedSettings = Fixed(manifest, varying);
        if (fixedSettings.Count > 0) s.Append("Every cell: ").Append(string.Join(", ", fixedSettings.Select(kv => $"{kv.Key} = {kv.Value}")))
            .Append(fixedSettings.ContainsValue(SweepCell.Unused) ? $" ({SweepCell.Unused}: not read by the method)" : "").Append(".  \n");
        s.Append(CultureInfo.InvariantCulture, $"Cells: {statuses.Count} ({CellStatus.Counts(statuses)}).  \n");
        s.Append("Test score of C in % (the experiment's metric), mean +- std over the seeds of each row. \"best-test\" is the best test score " +
                 "over training, a selection on the test set (what the paper reports); \"at best-val\" is the test score where validation was best.\n\n");
        s.Append("| ").Append(string.Join(" | ", columns)).Append(columns.Count > 0 ? " | " : "").Append("seeds | final | at best-val | best-test | best validation |\n");
        s.Append('|').Append(string.Concat(Enumerable.Repeat("---|", columns.Count))).Append("---:|---:|---:|---:|---:|\n");
        foreach (var r in rows)
        {
            s.Append("| ").Append(string.Join(" | ", columns.Select(k => r.Values[k]))).Append(columns.Count > 0 ? " | " : "");
            s.Append(CultureInfo.InvariantCulture, $"{r.Seeds} | {r.Final} | {r.AtBestValidation} | {r.BestTest} | {r.BestValidation}{(r == best ? " (best)" : "")} |\n");
        }
        if (best is not null)
            s.Append(CultureInfo.InvariantCulture, $"\nBest by mean validation score: {(columns.Count == 0 ? "the only row" : string.Join(", ", columns.Select(k => $"{k} = {best.Values[k]}")))}: " +
                                                   $"test {best.AtBestValidation} at best validation, over {best.Seeds} seed(s).\n");
        var open = statuses.Where(x => x.State != CellState.Finished).ToList();
        if (open.Count > 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"\nNot finished ({open.Count}):\n\n");
            foreach (var x in open)
                s.Append($"- {x.Cell.Id} {SweepCell.Describe(x.Cell.Values, varying)}: {CellStatus.Name(x.State)}" +
                         (x.Detail.Length > 0 ? $", {x.Detail}" : "") + (x.Log is null ? "" : $" (log: {x.Log})") + "\n");
        }
        return s.ToString();
    }
}
