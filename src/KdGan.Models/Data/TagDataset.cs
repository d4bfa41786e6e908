namespace KdGan.Models.Data;

/// <summary>
/// Multi-label examples for tag recommendation: per post an input (an image feature vector such as
/// VGG fc7, or an image as bytes), the post's text (privileged: only the teacher and discriminator
/// may read it) and its tags. Inputs are held once, as floats or bytes ([count, ...InputDims]).
/// </summary>
public sealed class TagDataset
{
    public TagDataset(string name, int[] inputDims, byte[]? bytes, float[]? floats, string[] ids, string[] texts, string[][] tags)
    {
        if ((bytes is null) == (floats is null)) throw new ArgumentException($"{name}: give the inputs as bytes or as floats (exactly one).");
        if (ids.Length != texts.Length || ids.Length != tags.Length)
            throw new ArgumentException($"{name}: {ids.Length} ids, {texts.Length} texts and {tags.Length} tag lists must be as many.");
        InputSize = inputDims.Aggregate(1, (a, d) => checked(a * d));
        long have = bytes?.LongLength ?? floats!.LongLength;
        if (have != (long)ids.Length * InputSize)
            throw new ArgumentException($"{name}: {ids.Length} examples of [{string.Join(", ", inputDims)}] need {(long)ids.Length * InputSize} input values, got {have}.");
        Name = name;
        InputDims = inputDims;
        Bytes = bytes;
        Floats = floats;
        Ids = ids;
        Texts = texts;
        Tags = tags;
    }

    public string Name { get; }

    /// <summary>The shape of one input: [d] for a feature vector, [channels, height, width] for an image.</summary>
    public IReadOnlyList<int> InputDims { get; }

    public int InputSize { get; }

    /// <summary>Inputs as unsigned bytes (images), or null.</summary>
    public byte[]? Bytes { get; }

    /// <summary>Inputs as float32 (feature vectors), or null.</summary>
    public float[]? Floats { get; }

    public string[] Ids { get; }
    public string[] Texts { get; }
    public string[][] Tags { get; }

    public int Count => Ids.Length;

    /// <summary>Writes input <paramref name="index"/> as floats (bytes become byte / 255).</summary>
    public void CopyInput(int index, Span<float> destination)
    {
        if (Floats is not null)
        {
            Floats.AsSpan(index * InputSize, InputSize).CopyTo(destination);
            return;
        }
        var b = Bytes.AsSpan(index * InputSize, InputSize);
        for (int i = 0; i < b.Length; i++) destination[i] = b[i] / 255f;
    }

    /// <summary>Indices of the examples with at least one tag of <paramref name="tags"/> (the paper keeps only those posts).</summary>
    public int[] IndicesWithTags(Vocabulary tags) =>
        Enumerable.Range(0, Count).Where(i => Tags[i].Any(t => tags.Contains(Tokenizer.NormalizeTag(t)))).ToArray();

    public override string ToString() => $"{Name}: {Count} posts, inputs [{string.Join(", ", InputDims)}] as {(Bytes is null ? "float32" : "uint8")}";
}
