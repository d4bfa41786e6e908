namespace KdGan.Models.Data;

/// <summary>
/// Tokens and their ids. Built from training documents only: the most frequent tokens (ties broken
/// by ordinal string order, so a vocabulary is a pure function of its documents), after any special
/// tokens. A text vocabulary starts with <c>&lt;pad&gt;</c> = 0 and <c>&lt;unk&gt;</c> = 1; a tag
/// vocabulary has no specials (the paper keeps the 200 most popular tags; the authors' code 100).
/// </summary>
public sealed class Vocabulary
{
    public const string Pad = "<pad>";
    public const string Unknown = "<unk>";

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    public Vocabulary(IEnumerable<string> tokens)
    {
        _tokens = tokens.ToArray();
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _tokens.Length; i++)
            if (!_ids.TryAdd(_tokens[i], i)) throw new ArgumentException($"Vocabulary: token '{_tokens[i]}' appears twice.");
        UnknownId = _ids.GetValueOrDefault(Unknown, -1);
    }

    public int Count => _tokens.Length;
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The id of <c>&lt;unk&gt;</c>, or -1 when this vocabulary has none.</summary>
    public int UnknownId { get; }

    public string this[int id] => _tokens[id];

    /// <summary>The id of <paramref name="token"/>, else <see cref="UnknownId"/> (-1 without an unknown token).</summary>
    public int IdOf(string token) => _ids.TryGetValue(token, out int id) ? id : UnknownId;

    public bool Contains(string token) => _ids.ContainsKey(token);

    /// <summary>Ids of the tokens; unknown ones map to <see cref="UnknownId"/> or, without it, are dropped.</summary>
    public int[] Encode(IEnumerable<string> tokens)
    {
        var ids = new List<int>();
        foreach (var t in tokens)
        {
            int id = IdOf(t);
            if (id >= 0) ids.Add(id);
        }
        return ids.ToArray();
    }

    /// <summary>The <paramref name="maxSize"/> (including specials) most frequent tokens seen at least <paramref name="minCount"/> times.</summary>
    public static Vocabulary Build(IEnumerable<IEnumerable<string>> documents, int maxSize = int.MaxValue, int minCount = 1, IReadOnlyList<string>? specials = null)
    {
        specials ??= [];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var doc in documents)
            foreach (var t in doc)
                counts[t] = counts.GetValueOrDefault(t) + 1;
        var ranked = counts.Where(kv => kv.Value >= minCount && !specials.Contains(kv.Key))
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key)
            .Take(Math.Max(0, maxSize - specials.Count));
        return new Vocabulary(specials.Concat(ranked));
    }

    /// <summary>A word vocabulary of post texts (tokenised by <see cref="Tokenizer.Words"/>), with &lt;pad&gt; and &lt;unk&gt;.</summary>
    public static Vocabulary ForText(IEnumerable<string> texts, int maxSize = 20_000, int minCount = 1) =>
        Build(texts.Select(Tokenizer.Words), maxSize, minCount, [Pad, Unknown]);

    /// <summary>The <paramref name="maxSize"/> most popular tags (each post counts a tag once).</summary>
    public static Vocabulary ForTags(IEnumerable<IEnumerable<string>> tagLists, int maxSize = 200) =>
        Build(tagLists.Select(t => t.Select(Tokenizer.NormalizeTag).Distinct()), maxSize);

    /// <summary>One token per line, in id order.</summary>
    public void Save(string path) => File.WriteAllLines(path, _tokens);

    public static Vocabulary Load(string path) => new(File.ReadAllLines(path));
}
