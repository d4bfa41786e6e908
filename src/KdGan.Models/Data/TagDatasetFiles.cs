using System.Text;
using System.Text.Json;

namespace KdGan.Models.Data;

/// <summary>
/// The on-disk tag-recommendation format (docs/data.md): per split (<c>train</c>, <c>test</c>) a
/// <c>SPLIT.jsonl</c> with one post per line, <c>{"id": "...", "text": "...", "tags": ["...", ...]}</c>,
/// and a <c>SPLIT.npy</c> whose row i is the input of line i: float32 [n, d] feature vectors, or uint8
/// [n, channels, height, width] images. Without the .npy, every line names an image file instead,
/// <c>"image": "photos/8362117290.jpg"</c> (relative to the folder), decoded by <see cref="TagImageFiles"/>.
/// </summary>
public static class TagDatasetFiles
{
    /// <summary>Whether the split's .jsonl is there (its inputs are the .npy beside it, or the image files it names).</summary>
    public static bool Exists(string folder, string split) => File.Exists(Path.Combine(folder, split + ".jsonl"));

    public static TagDataset Read(string folder, string split)
    {
        string jsonl = Path.Combine(folder, split + ".jsonl"), npy = Path.Combine(folder, split + ".npy");
        if (!File.Exists(jsonl))
            throw new DataNotFoundException("tag data", $"{jsonl} is missing. A tag data set is SPLIT.jsonl + SPLIT.npy (or image files) per split (docs/data.md); put them in {folder} or set KDGAN_TAGS.");
        var ids = new List<string>();
        var images = new List<string?>();
        var lineOf = new List<int>();
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
                images.Add(root.TryGetProperty("image", out var image) && image.ValueKind == JsonValueKind.String ? image.GetString() : null);
                lineOf.Add(lineNo);
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
        if (!File.Exists(npy))
        {
            int missing = images.IndexOf(null);
            if (missing >= 0)
                throw new DataFormatException(jsonl, $"{Path.GetFileName(npy)} is missing, so every line must name an \"image\" file, and line {lineOf[missing]} names none (docs/data.md).");
            var pixels = TagImageFiles.Decode(folder, jsonl, images!, lineOf);
            return new TagDataset(split, [3, TagImageFiles.Side, TagImageFiles.Side], pixels, null, ids.ToArray(), texts.ToArray(), tags.ToArray());
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
