using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KdGan.Tensors;

namespace KdGan.Models.Checkpoints;

/// <summary>A checkpoint file that could not be read, with the file and what was wrong.</summary>
public sealed class CheckpointFormatException(string path, string problem)
    : Exception($"{path}: {problem}")
{
    public string Path { get; } = path;
}

/// <summary>
/// The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header length N,
/// N bytes of JSON mapping each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets into
/// the data that follows the header) plus an optional "__metadata__" map of strings, then the raw
/// little-endian data. We write F32 only. Files written here load in PyTorch with safetensors.torch.load_file.
/// </summary>
public static class SafeTensors
{
    /// <summary>Headers larger than this are rejected before anything is allocated for them.</summary>
    public const long MaxHeaderBytes = 100L << 20;

    /// <summary>Writes <paramref name="tensors"/> (any device; copied to the host) and string metadata.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata) meta[k] = v;
            header["__metadata__"] = meta;
        }
        long offset = 0;
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            if (name == "__metadata__") throw new ArgumentException("SafeTensors: '__metadata__' is reserved and cannot name a tensor.");
            var t = tensors[name];
            long bytes = t.NumElements * sizeof(float);
            header[name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8; // pad with spaces to 8-byte alignment, as the reference writer does
        string tmp = $"{path}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp"; // unique: two writers of one file never share a temporary
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
            fs.Write(len);
            fs.Write(json);
            for (int i = json.Length; i < padded; i++) fs.WriteByte((byte)' ');
            foreach (var name in names)
            {
                var values = tensors[name].ToArray();
                if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("SafeTensors: big-endian hosts are not supported.");
                fs.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            }
        }
        File.Move(tmp, path, overwrite: true); // a crash mid-write never leaves a half checkpoint under the real name
    }

    /// <summary>
    /// Reads every tensor (onto <paramref name="device"/>) and the metadata. Validates the header length against
    /// the file size before allocating it, and every entry's dtype, shape and offsets against the data section.
    /// </summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(string path, Device? device = null)
    {
        using var fs = Data.InputFile.Open(path, "checkpoint", long.MaxValue, (p, problem) => new CheckpointFormatException(p, problem));
        long fileLength = fs.Length;
        if (fileLength < 8) throw new CheckpointFormatException(path, $"file is {fileLength} bytes, shorter than the 8-byte header length.");
        Span<byte> len = stackalloc byte[8];
        fs.ReadExactly(len);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(len);
        if (headerLength > MaxHeaderBytes)
            throw new CheckpointFormatException(path, $"header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit (corrupt or not a safetensors file).");
        if ((long)headerLength > fileLength - 8)
            throw new CheckpointFormatException(path, $"header length {headerLength} exceeds the {fileLength - 8} bytes after the length field (truncated file?).");
        var headerBytes = new byte[headerLength];
        fs.ReadExactly(headerBytes);
        long dataStart = 8 + (long)headerLength, dataLength = fileLength - dataStart;

        if (headerBytes.Length == 0 || headerBytes[0] != (byte)'{')
            throw new CheckpointFormatException(path, $"the JSON header must start with '{{' at byte 8, found {(headerBytes.Length == 0 ? "nothing" : $"byte 0x{headerBytes[0]:X2}")}.");
        string headerText;
        try { headerText = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(headerBytes); }
        catch (DecoderFallbackException e) { throw new CheckpointFormatException(path, $"the JSON header is not valid UTF-8 ({e.Message})."); }
        JsonObject header;
        try
        {
            // Duplicate names are refused, and invalid UTF-8 fails here rather than when a name is first read.
            header = JsonNode.Parse(headerText, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false })?.AsObject()
                     ?? throw new JsonException("empty header");
            _ = header.Count; // duplicates fail when the names are first read: now, inside this try
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        { throw new CheckpointFormatException(path, $"header is not a valid JSON object (duplicate names and invalid UTF-8 are refused): {e.Message}"); }

        var metadata = new Dictionary<string, string>();
        var entries = new List<(string Name, int[] Shape, long Begin, long End)>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                ParseMetadata(path, node, metadata);
                continue;
            }
            entries.Add(ParseEntry(path, name, node));
        }
        // The data section must be exactly covered by the entries, without overlap.
        long expected = 0;
        foreach (var e in entries.OrderBy(e => e.Begin))
        {
            if (e.Begin != expected)
                throw new CheckpointFormatException(path, $"tensor '{e.Name}' starts at data offset {e.Begin}, expected {expected} (gap or overlap).");
            expected = e.End;
        }
        if (expected != dataLength)
            throw new CheckpointFormatException(path, $"the header describes {expected} bytes of data but the file holds {dataLength} (truncated or padded file).");

        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var e in entries)
            {
                var values = new float[(e.End - e.Begin) / sizeof(float)];
                fs.Position = dataStart + e.Begin;
                fs.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
                tensors[e.Name] = Tensor.FromArray(values, new Shape(e.Shape), device);
            }
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        return (tensors, metadata);
    }

    /// <summary>
    /// Rewrites one metadata entry of a safetensors file in place, leaving the tensors as they are (tools and tests use
    /// it, e.g. to make a checkpoint of another version). The file is read and validated first.
    /// </summary>
    public static void SetMetadata(string path, string key, string value)
    {
        var (tensors, metadata) = Read(path);
        try
        {
            metadata[key] = value;
            Write(path, tensors, metadata);
        }
        finally { foreach (var t in tensors.Values) t.Dispose(); }
    }

    /// <summary>The "__metadata__" entry: a JSON object whose values are all strings (as the format specifies).</summary>
    private static void ParseMetadata(string path, JsonNode? node, Dictionary<string, string> metadata)
    {
        if (node is not JsonObject o)
            throw new CheckpointFormatException(path, $"\"__metadata__\" is {Kind(node)}, expected a JSON object mapping names to strings.");
        foreach (var (k, v) in o)
        {
            if (v is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                throw new CheckpointFormatException(path, $"metadata entry '{k}' is {Kind(v)}, expected a string.");
            metadata[k] = value.GetValue<string>();
        }
    }

    private static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "a JSON boolean",
        var k => $"a JSON {k.ToString()!.ToLowerInvariant()}",
    };

    private static (string, int[], long, long) ParseEntry(string path, string name, JsonNode? node)
    {
        try
        {
            if (node is not JsonObject o) throw new CheckpointFormatException(path, $"tensor '{name}' is {Kind(node)}, expected an object with dtype, shape and data_offsets.");
            foreach (var field in new[] { "dtype", "shape", "data_offsets" })
                if (o[field] is null) throw new CheckpointFormatException(path, $"tensor '{name}' has no '{field}'.");
            string dtype = o["dtype"]!.GetValue<string>();
            if (dtype != "F32")
                throw new CheckpointFormatException(path, $"tensor '{name}' has dtype {dtype}; KdGan reads F32 only.");
            var shape = o["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray();
            var offsets = o["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                throw new CheckpointFormatException(path, $"tensor '{name}' has invalid data_offsets [{string.Join(", ", offsets)}].");
            if (shape.Any(d => d < 0))
                throw new CheckpointFormatException(path, $"tensor '{name}' has a negative dimension in shape [{string.Join(", ", shape)}].");
            // Sizes in checked arithmetic: an unchecked product could wrap to a small number that matches the offsets.
            long elements = 1, bytes;
            try
            {
                foreach (int d in shape) elements = checked(elements * d);
                bytes = checked(elements * sizeof(float));
            }
            catch (OverflowException)
            {
                throw new CheckpointFormatException(path,
                    $"tensor '{name}' of shape [{string.Join(", ", shape)}] is too large: its size in bytes overflows a 64-bit integer.");
            }
            if (elements > Array.MaxLength)
                throw new CheckpointFormatException(path,
                    $"tensor '{name}' of shape [{string.Join(", ", shape)}] has {elements} elements, more than one array can hold ({Array.MaxLength}).");
            if (bytes != offsets[1] - offsets[0])
                throw new CheckpointFormatException(path,
                    $"tensor '{name}' of shape [{string.Join(", ", shape)}] needs {bytes} bytes but its offsets span {offsets[1] - offsets[0]}.");
            return (name, shape, offsets[0], offsets[1]);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new CheckpointFormatException(path, $"tensor '{name}' has a malformed header entry ({e.Message}).");
        }
    }
}
