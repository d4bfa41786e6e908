using System.Globalization;
using System.Text.Json;
using KdGan.Models.Data;
using KdGan.Models.Kdgan;
using KdGan.Runner.Cli;

namespace KdGan.Runner.Sweeps;

/// <summary>One axis of a sweep: a configuration key (as config.json spells it) and the values it takes, as typed.</summary>
public sealed record SweepAxis(string Key, IReadOnlyList<string> Values);

/// <summary>
/// A grid of configuration values: every key of the option table can be an axis. Axes come from a grid file (a JSON
/// object: each key a scalar or an array of scalars) and from options (a comma-separated list; "1-5" is the integers 1 to
/// 5 for an integer key); an option replaces the file's axis of its key. The grid is the product of its axes, in the
/// order they were declared (the file's, then options in the option table's order), the last axis varying fastest.
/// </summary>
public sealed class SweepGrid
{
    /// <summary>The most combinations a grid may expand to (the authors' full grid, 11 x 7 x 8 x 3 sizes x 5 seeds, is 9,240).</summary>
    public const int MaxCombinations = 100_000;

    /// <summary>The largest grid file read.</summary>
    public const long MaxFileBytes = 1 << 20;

    private readonly List<SweepAxis> _axes = [];

    public IReadOnlyList<SweepAxis> Axes => _axes;

    /// <summary>The number of combinations (the product of the axes' sizes).</summary>
    public long Combinations => _axes.Aggregate(1L, (n, a) => n * a.Values.Count);

    /// <summary>Sets the axis of <paramref name="key"/> (replacing one already declared, in its place); values are checked by the key's type.</summary>
    public void Set(string key, IReadOnlyList<string> values, string where)
    {
        if (values.Count == 0) throw new UsageException($"sweep: {where} gives no value.");
        foreach (string v in values)
            try { ConfigOptions.Parse(key, v); }
            catch (FormatException e) { throw new UsageException($"sweep: {where} {e.Message}"); }
        var dup = values.GroupBy(v => v, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new UsageException($"sweep: {where} names the value '{ConfigOptions.Cut(dup.Key)}' twice.");
        int at = _axes.FindIndex(a => a.Key == key);
        if (at >= 0) _axes[at] = new SweepAxis(key, values);
        else _axes.Add(new SweepAxis(key, values));
        if (Combinations > MaxCombinations)
            throw new UsageException($"sweep: the grid has {Combinations:N0} combinations, more than the {MaxCombinations:N0} one sweep may hold; split it.");
    }

    /// <summary>The values of one option: "0,0.1,0.3"; for an integer key also ranges, "1-5" or "1-3,8".</summary>
    public static IReadOnlyList<string> ParseList(string key, string raw, string flag)
    {
        var items = raw.Split(',', StringSplitOptions.TrimEntries);
        if (items.Any(i => i.Length == 0)) throw new UsageException($"sweep: {flag} has an empty value in '{ConfigOptions.Cut(raw)}'.");
        bool integer = ConfigOptions.TypeOf(key) == typeof(int);
        var values = new List<string>();
        foreach (string item in items)
        {
            int dash = item.IndexOf('-', 1);
            if (integer && dash > 0 && int.TryParse(item[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out int from)
                && int.TryParse(item[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int to))
            {
                if (to < from) throw new UsageException($"sweep: {flag} range '{item}' runs backwards.");
                if (to - (long)from >= MaxCombinations) throw new UsageException($"sweep: {flag} range '{item}' has more than {MaxCombinations:N0} values.");
                for (int v = from; v <= to; v++) values.Add(v.ToString(CultureInfo.InvariantCulture));
            }
            else values.Add(item);
        }
        return values;
    }

    /// <summary>
    /// A grid file: a JSON object whose keys are configuration keys as config.json spells them and whose values are a
    /// scalar (a fixed setting) or an array of scalars (an axis). Problems name the file and the key.
    /// </summary>
    public static SweepGrid FromFile(string path)
    {
        byte[] bytes;
        try { bytes = InputFile.ReadAllBytes(path, "grid file", MaxFileBytes, (f, problem) => new UsageException($"sweep: grid file '{f}' {problem}")); }
        catch (FileNotFoundException) { throw new UsageException($"sweep: grid file '{path}' does not exist."); }
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowDuplicateProperties = false }); }
        catch (JsonException e) { throw new UsageException($"sweep: grid file '{path}' is not valid JSON (a key given twice is refused): {ConfigOptions.Cut(e.Message)}"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new UsageException($"sweep: grid file '{path}' holds a JSON {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object of configuration keys.");
            var grid = new SweepGrid();
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (!ExperimentConfig.Keys.Contains(p.Name))
                    throw new UsageException($"sweep: grid file '{path}': '{ConfigOptions.Cut(p.Name)}' is not a configuration key (known: {string.Join(", ", ExperimentConfig.Keys)}).");
                var items = p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().ToList() : [p.Value];
                grid.Set(p.Name, items.Select(v => Scalar(path, p.Name, v)).ToList(), $"grid file '{path}': key '{p.Name}'");
            }
            return grid;
        }
    }

    private static string Scalar(string path, string key, JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new UsageException($"sweep: grid file '{path}': key '{key}' holds a JSON {v.ValueKind.ToString().ToLowerInvariant()}; give a value or an array of values."),
    };

    /// <summary>Every combination, key -> value as typed, the last axis varying fastest.</summary>
    public IEnumerable<IReadOnlyDictionary<string, string>> Expand()
    {
        var index = new int[_axes.Count];
        for (long c = 0; c < Combinations; c++)
        {
            var cell = new Dictionary<string, string>();
            for (int a = 0; a < _axes.Count; a++) cell[_axes[a].Key] = _axes[a].Values[index[a]];
            yield return cell;
            for (int a = _axes.Count - 1; a >= 0; a--)
            {
                if (++index[a] < _axes[a].Values.Count) break;
                index[a] = 0;
            }
        }
    }
}
