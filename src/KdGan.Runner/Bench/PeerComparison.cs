using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KdGan.Runner.Bench;

/// <summary>
/// Joins our results and the peer's (JSON lines, one per case) into the ratio table, time ours / TorchSharp.
/// A results folder holds passes, <c>pass*/ours-t{1,2}.jsonl</c> and <c>pass*/peer-t{1,2}.jsonl</c>; each side's
/// time for a workload is the best of its pass medians (the machine is noisy; the best pass is the least disturbed).
/// </summary>
public static class PeerComparison
{
    /// <summary>One timed row: which workload (our key), how many threads, the median seconds.</summary>
    public readonly record struct Timed(string Key, int Threads, double MedianS);

    /// <summary>Our rows of one file (written by <c>kdgan bench-peer run --json</c>).</summary>
    public static IEnumerable<Timed> ReadOurs(string path) =>
        Lines(path).Select(e => new Timed(e.GetProperty("key").GetString()!, e.GetProperty("threads").GetInt32(), e.GetProperty("median_s").GetDouble()));

    /// <summary>The peer's rows of one file that match a workload (section prefix and case name).</summary>
    public static IEnumerable<Timed> ReadPeer(string path)
    {
        foreach (var e in Lines(path))
        {
            string section = e.GetProperty("section").GetString() ?? "", @case = e.GetProperty("case").GetString() ?? "";
            var w = PeerWorkloads.All.FirstOrDefault(w => section.StartsWith(w.PeerSection, StringComparison.Ordinal) && w.PeerCase == @case);
            if (w is not null) yield return new Timed(w.Key, e.GetProperty("threads").GetInt32(), e.GetProperty("median_s").GetDouble());
        }
    }

    private static IEnumerable<JsonElement> Lines(string path)
    {
        int n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (line.Trim().Length == 0) continue;
            JsonElement e;
            try { e = JsonDocument.Parse(line).RootElement.Clone(); }
            catch (JsonException ex) { throw new InvalidDataException($"{path}, line {n}: not JSON ({ex.Message})"); }
            yield return e;
        }
    }

    /// <summary>Best-of-passes seconds per (workload, threads) for one side.</summary>
    public static Dictionary<(string, int), double> Best(IEnumerable<Timed> rows)
    {
        var best = new Dictionary<(string, int), double>();
        foreach (var r in rows)
            if (!best.TryGetValue((r.Key, r.Threads), out double b) || r.MedianS < b) best[(r.Key, r.Threads)] = r.MedianS;
        return best;
    }

    /// <summary>The markdown ratio table and, below it, the times it came from.</summary>
    public static string Table(string folder)
    {
        var passes = Directory.GetDirectories(folder, "pass*").OrderBy(d => d, StringComparer.Ordinal).ToArray();
        if (passes.Length == 0) throw new FileNotFoundException($"bench-peer table: {folder} holds no pass* folders (run scripts/peer-compare.sh first).");
        var ours = Best(passes.SelectMany(p => Directory.GetFiles(p, "ours-t*.jsonl")).SelectMany(ReadOurs));
        var peer = Best(passes.SelectMany(p => Directory.GetFiles(p, "peer-t*.jsonl")).SelectMany(ReadPeer));
        int[] threads = [1, 2];
        var sb = new StringBuilder();
        sb.AppendLine($"Time ratio, ours / TorchSharp (lower is better; below 1 we are faster), best of {passes.Length} pass medians:");
        sb.AppendLine();
        sb.AppendLine("| workload | 1 thread | 2 threads |");
        sb.AppendLine("|---|---:|---:|");
        foreach (var w in PeerWorkloads.All)
            sb.AppendLine($"| {w.Title} | {string.Join(" | ", threads.Select(t => Ratio(ours, peer, w.Key, t)))} |");
        sb.AppendLine();
        sb.AppendLine("Times (ms), ours / TorchSharp:");
        sb.AppendLine();
        sb.AppendLine("| workload | 1 thread | 2 threads |");
        sb.AppendLine("|---|---:|---:|");
        foreach (var w in PeerWorkloads.All)
            sb.AppendLine($"| {w.Key} | {string.Join(" | ", threads.Select(t => Ms(ours, w.Key, t) + " / " + Ms(peer, w.Key, t)))} |");
        return sb.ToString();
    }

    private static string Ratio(Dictionary<(string, int), double> ours, Dictionary<(string, int), double> peer, string key, int t) =>
        ours.TryGetValue((key, t), out double o) && peer.TryGetValue((key, t), out double p) && p > 0
            ? (o / p).ToString("F2", CultureInfo.InvariantCulture) : "n/a";

    private static string Ms(Dictionary<(string, int), double> side, string key, int t) =>
        side.TryGetValue((key, t), out double s) ? (s * 1e3).ToString(s < 0.01 ? "F2" : "F1", CultureInfo.InvariantCulture) : "n/a";
}
