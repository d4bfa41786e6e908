using KdGan.Tensors.Rng;
using KdGan.Tensors;

namespace KdGan.Models.Data;

/// <summary>
/// Batches of a <see cref="TagDataset"/> (all posts, or those of <c>indices</c>), with text and tags encoded once by the
/// given vocabularies. Texts longer than <see cref="MaxTextLength"/> words are truncated. A post needs at least one tag
/// of the vocabulary (<see cref="TagDataset.IndicesWithTags"/> picks those). Inputs are not augmented. Each batch's
/// <see cref="TagBatch.Classes"/> are drawn from the batch seed and the post's index, so a batch is a pure function of them.
/// </summary>
public sealed class TagBatchSource : IBatchSource<TagBatch>
{
    private readonly int[] _indices;
    private readonly int[][] _words;
    private readonly int[][] _tags;

    public TagBatchSource(TagDataset data, Vocabulary words, Vocabulary tags, int maxTextLength = 32, int[]? indices = null)
    {
        if (maxTextLength <= 0) throw new ArgumentOutOfRangeException(nameof(maxTextLength), $"TagBatchSource: max text length must be positive, got {maxTextLength}.");
        Data = data;
        Words = words;
        TagVocabulary = tags;
        MaxTextLength = maxTextLength;
        _indices = indices ?? Enumerable.Range(0, data.Count).ToArray();
        _words = new int[data.Count][];
        _tags = new int[data.Count][];
        foreach (int i in _indices)
        {
            var w = words.Encode(Tokenizer.Words(data.Texts[i]));
            _words[i] = w.Length > maxTextLength ? w[..maxTextLength] : w;
            _tags[i] = tags.Encode(data.Tags[i].Select(Tokenizer.NormalizeTag).Distinct());
            if (_tags[i].Length == 0)
                throw new ArgumentException($"{data.Name}: post '{data.Ids[i]}' has no tag of the {tags.Count}-tag vocabulary (keep only posts with one: TagDataset.IndicesWithTags).");
        }
    }

    public TagDataset Data { get; }
    public Vocabulary Words { get; }
    public Vocabulary TagVocabulary { get; }
    public int MaxTextLength { get; }

    /// <summary>The posts of this source, as indices into <see cref="Data"/>.</summary>
    public IReadOnlyList<int> Indices => _indices;

    /// <summary>The tag ids of post <paramref name="index"/> of <see cref="Data"/> (one of <see cref="Indices"/>).</summary>
    public IReadOnlyList<int> TagsOf(int index) => _tags[index];

    public int Count => _indices.Length;

    public IHostBatch<TagBatch> Prepare(int[] positions, ulong seed)
    {
        int n = positions.Length, size = Data.InputSize, t = TagVocabulary.Count, l = MaxTextLength;
        var inputs = new float[n * size];
        var multiHot = new float[n * t];
        var targets = new float[n * t];
        var text = new float[n * l];
        var teacher = new float[n * (size + l)];
        var lengths = new int[n];
        var tagIds = new int[n][];
        var classes = new int[n];
        var indices = new int[n];
        for (int b = 0; b < n; b++)
        {
            int i = _indices[positions[b]];
            indices[b] = i;
            var input = inputs.AsSpan(b * size, size);
            Data.CopyInput(i, input);
            input.CopyTo(teacher.AsSpan(b * (size + l), size));
            var tags = tagIds[b] = _tags[i];
            foreach (int tag in tags)
            {
                multiHot[b * t + tag] = 1f;
                targets[b * t + tag] = 1f / tags.Length;
            }
            classes[b] = tags[new PhiloxRandom(PhiloxRandom.Mix(seed, (ulong)i)).NextInt(tags.Length)];
            lengths[b] = _words[i].Length;
            for (int j = 0; j < _words[i].Length; j++) text[b * l + j] = teacher[b * (size + l) + size + j] = _words[i][j];
        }
        int[] inputShape = [n, .. Data.InputDims];
        return new Host(inputs, inputShape, multiHot, targets, t, text, teacher, l, lengths, tagIds, classes, indices);
    }

    private sealed class Host(float[] inputs, int[] inputShape, float[] tags, float[] targets, int t, float[] text, float[] teacher, int l,
        int[] lengths, int[][] tagIds, int[] classes, int[] indices) : IHostBatch<TagBatch>
    {
        public TagBatch Upload(Device device)
        {
            int n = indices.Length;
            return new TagBatch(
                Tensor.FromArray(inputs, inputShape, device), Tensor.FromArray(tags, [n, t], device), Tensor.FromArray(targets, [n, t], device),
                Tensor.FromArray(text, [n, l], device), Tensor.FromArray(teacher, [n, teacher.Length / Math.Max(n, 1)], device),
                lengths, tagIds, classes, indices);
        }
    }
}
