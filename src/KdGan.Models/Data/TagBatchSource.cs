using KdGan.Tensors;

namespace KdGan.Models.Data;

/// <summary>
/// Batches of a <see cref="TagDataset"/> (all examples, or those of <c>indices</c>), with text and tags
/// encoded once by the given vocabularies. Texts longer than <see cref="MaxTextLength"/> words are
/// truncated. Tag inputs are not augmented.
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
        }
    }

    public TagDataset Data { get; }
    public Vocabulary Words { get; }
    public Vocabulary TagVocabulary { get; }
    public int MaxTextLength { get; }

    public int Count => _indices.Length;

    public IHostBatch<TagBatch> Prepare(int[] positions, ulong seed)
    {
        int n = positions.Length, size = Data.InputSize, t = TagVocabulary.Count, l = MaxTextLength;
        var inputs = new float[n * size];
        var multiHot = new float[n * t];
        var text = new float[n * l];
        var lengths = new int[n];
        var tagIds = new int[n][];
        var indices = new int[n];
        for (int b = 0; b < n; b++)
        {
            int i = _indices[positions[b]];
            indices[b] = i;
            Data.CopyInput(i, inputs.AsSpan(b * size, size));
            tagIds[b] = _tags[i];
            foreach (int tag in _tags[i]) multiHot[b * t + tag] = 1f;
            lengths[b] = _words[i].Length;
            for (int j = 0; j < _words[i].Length; j++) text[b * l + j] = _words[i][j];
        }
        int[] inputShape = [n, .. Data.InputDims];
        return new Host(inputs, inputShape, multiHot, t, text, l, lengths, tagIds, indices);
    }

    private sealed class Host(float[] inputs, int[] inputShape, float[] tags, int t, float[] text, int l, int[] lengths, int[][] tagIds, int[] indices)
        : IHostBatch<TagBatch>
    {
        public TagBatch Upload(Device device) => new(
            Tensor.FromArray(inputs, inputShape, device),
            Tensor.FromArray(tags, [indices.Length, t], device),
            Tensor.FromArray(text, [indices.Length, l], device),
            lengths, tagIds, indices);
    }
}
