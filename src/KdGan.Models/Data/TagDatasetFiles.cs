using System.Text;
using System.Text.Json;

namespace KdGan.Models.Data;

/// <summary>
/// The on-disk tag-recommendation format (docs/data.md): per split (<c>train</c>, <c>test</c>) a
/// <c>SPLIT.jsonl</c> with one post per line, <c>{"id": "...", "text": "...", "tags": ["...", ...]}</c>,
/// and a <c>SPLIT.npy</c> whose row i is the input of line i: float32 [n, d] feature vectors, or uint8
/// [n, channels, height, width] images.
/// </summary>
public static class TagDatasetFiles
{
    public static bool Exists(string folder, string split) =>
        File.Exists(Path.Combine(folder, split + ".jsonl")) && File.Exists(Path.Combine(folder, split + ".npy"));

    public static TagDataset Read(string folder, string split)
    {
        string jsonl = Path.Combine(folder, split + ".jsonl"), npy = Path.Combine(folder, split + ".npy");
        foreach (var f in new[] { jsonl, npy })
            if (!File.Exists(f))
                throw new DataNotFoundException("tag data", $"{f} is missing. A tag data set is SPLIT.jsonl + SPLIT.npy per split (docs/data.md); put them in {folder} or set KDGAN_TAGS.");
        var ids = new List<string>();
        var texts = new List<string>();
        var tags = new List<string[]>();
        long offset = 0;
        int lineNo = 0;
        InputFile.Check(jsonl, "tag .jsonl file", 4L << 30, (f, problem) => new DataFormatException(f, problem));
        using var reader = new StreamReader(jsonl, new UTF8Encoding(false, throwOnInvalidBytes: true));
        foreach (var line in Lines(reader, jsonl))
        {
            lineNo++;
            long lineStart = offset;
            offset += Encoding.UTF8.GetByteCount(line) + 1;
            if (line.Trim().Length == 0) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                ids.Add(root.TryGetProperty("id", out var id) ? id.ToString() : $"{split}-{ids.Count}");
                texts.Add(root.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : "");
                if (!root.TryGetProperty("tags", out var t) || t.ValueKind != JsonValueKind.Array)
                    throw new DataFormatException(jsonl, lineStart, $"a \"tags\" array on line {lineNo}", line.Length > 80 ? line[..80] + "..." : line);
                tags.Add(t.EnumerateArray().Select(e => e.GetString() ?? "").ToArray());
            }
            catch (JsonException e)
            {
                throw new DataFormatException(jsonl, lineStart, $"one JSON object on line {lineNo}", $"invalid JSON ({e.Message})", e);
            }
            catch (InvalidOperationException e)
            {
                throw new DataFormatException(jsonl, lineStart, $"strings for \"tags\" on line {lineNo}", e.Message, e);
            }
        }
        var arr = NpyFile.Read(npy);
        if (arr.Shape.Length < 2 || arr.Shape[0] != ids.Count)
            throw new DataFormatException(npy, 0, $"shape ({ids.Count}, ...): one row per post of {Path.GetFileName(jsonl)}", $"({string.Join(", ", arr.Shape)})");
        return new TagDataset(split, arr.Shape[1..], arr.Bytes, arr.Floats, ids.ToArray(), texts.ToArray(), tags.ToArray());
    }

    public static void Write(string folder, string split, TagDataset data)
    {
        Directory.CreateDirectory(folder);
        using (var w = new StreamWriter(Path.Combine(folder, split + ".jsonl"), false, new UTF8Encoding(false)))
        {
            for (int i = 0; i < data.Count; i++)
                w.Write(JsonSerializer.Serialize(new Dictionary<string, object> { ["id"] = data.Ids[i], ["text"] = data.Texts[i], ["tags"] = data.Tags[i] }) + "\n");
        }
        int[] shape = [data.Count, .. data.InputDims];
        string npy = Path.Combine(folder, split + ".npy");
        if (data.Bytes is not null) NpyFile.Write(npy, shape, data.Bytes);
        else NpyFile.Write(npy, shape, data.Floats);
    }

    /// <summary>The lines of a UTF-8 file; an invalid byte sequence fails naming the file and the line.</summary>
    private static IEnumerable<string> Lines(StreamReader reader, string path)
    {
        for (int n = 1; ; n++)
        {
            string? line;
            try { line = reader.ReadLine(); }
            catch (DecoderFallbackException e)
            {
                throw new DataFormatException(path, $"line {n} is not valid UTF-8 text ({e.Message}).", e);
            }
            if (line is null) yield break;
            yield return line;
        }
    }
}
