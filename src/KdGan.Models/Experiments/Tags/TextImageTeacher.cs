using KdGan.Autograd;
using KdGan.Models.Nn;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Experiments.Tags;

/// <summary>How the tag teacher reads the privileged text.</summary>
public enum TeacherText
{
    /// <summary>The paper's appendix: word embeddings, then an LSTM; its outputs' mean over the words, times the image vector.</summary>
    Lstm,

    /// <summary>The authors' code: the mean of 10-d word embeddings concatenated with the input, then one linear layer.</summary>
    Mean,
}

/// <summary>
/// T of tag recommendation: it reads a post's input (image or feature vector, flattened) and its privileged text, packed
/// in one row [input size + L] (<see cref="Data.TagBatch.TeacherInput"/>: the input, then L word ids padded with 0).
/// <list type="bullet">
/// <item><see cref="TeacherText.Lstm"/>: v = relu(W x) [H]; u = mean of the LSTM's outputs over the post's words
/// (padding excluded: the LSTM runs left to right, so outputs at real words never see the padding after them);
/// logits = MLP(v * u), 2 x 1200 hidden units (the paper's appendix: the elementwise product of image and text vectors).</item>
/// <item><see cref="TeacherText.Mean"/>: logits = W [x; mean of the words' embeddings] (the authors' tag code).</item>
/// </list>
/// A post without words has u = 0.
/// </summary>
public sealed class TextImageTeacher : Layer
{
    private readonly Layer _image;
    private readonly Embedding _words;
    private readonly Lstm? _lstm;
    private readonly Layer _head;

    public TextImageTeacher(TeacherText kind, int inputSize, int textLength, int vocabulary, int tags, float dropout,
        Generator init, Generator dropoutStream, Device device, int hidden = 100, int mlp = 1200)
    {
        (Kind, InputSize, TextLength) = (kind, inputSize, textLength);
        if (kind == TeacherText.Lstm)
        {
            _image = RegisterModule("image", new Sequential(new Linear(inputSize, hidden, init, device: device), new Relu()));
            _words = RegisterModule("words", new Embedding(vocabulary, hidden, init, paddingIndex: 0, device: device));
            _lstm = RegisterModule("lstm", new Lstm(hidden, hidden, init, device: device));
            _head = RegisterModule("head", new Sequential(
                new Linear(hidden, mlp, init, device: device), new Relu(), new Dropout(dropout, dropoutStream),
                new Linear(mlp, mlp, init, device: device), new Relu(), new Dropout(dropout, dropoutStream),
                new Linear(mlp, tags, init, device: device)));
        }
        else
        {
            const int embedding = 10;
            _image = RegisterModule("image", new Dropout(dropout, dropoutStream));
            _words = RegisterModule("words", new Embedding(vocabulary, embedding, init, paddingIndex: 0, device: device));
            _head = RegisterModule("head", new Linear(inputSize + embedding, tags, init, device: device));
        }
        To(device);
    }

    public TeacherText Kind { get; }
    public int InputSize { get; }
    public int TextLength { get; }

    public override Variable Forward(Variable x)
    {
        if (x.Rank != 2 || x.Shape[1] != InputSize + TextLength)
            throw new ArgumentException($"TextImageTeacher: expects [B, {InputSize} + {TextLength}] (input, then word ids), got {x.Shape}.");
        int b = x.Shape[0];
        using var input = x.Slice(1, 0, InputSize);
        using var idsView = x.Data.Slice(1, InputSize, InputSize + TextLength);
        using var ids = idsView.Contiguous();
        using var mask = WordMask(ids, out var inverseCount);
        using (inverseCount)
        using (var v = _image.Forward(input))
        using (var emb = _words.Forward(ids)) // [B, L, E]
        {
            if (_lstm is null)
            {
                using var mean = MaskedMean(emb, mask, inverseCount);
                using var joined = Variable.Concat([v, mean], 1);
                return _head.Forward(joined);
            }
            using var run = _lstm.Forward(emb);
            using var u = MaskedMean(run.Output, mask, inverseCount);
            using var fused = v * u;
            return _head.Forward(fused);
        }
    }

    /// <summary>[B, L, 1]: 1 at words, 0 at padding; and [B, 1]: 1 / max(1, words) per post.</summary>
    private Tensor WordMask(Tensor ids, out Tensor inverseCount)
    {
        var values = ids.ToArray();
        int b = ids.Shape[0], l = ids.Shape[1];
        var mask = new float[values.Length];
        var inverse = new float[b];
        for (int i = 0; i < b; i++)
        {
            int words = 0;
            for (int j = 0; j < l; j++) if (values[i * l + j] != 0) { mask[i * l + j] = 1; words++; }
            inverse[i] = 1f / Math.Max(1, words);
        }
        inverseCount = Tensor.FromArray(inverse, [b, 1], ids.Device);
        return Tensor.FromArray(mask, [b, l, 1], ids.Device);
    }

    /// <summary>sum_t h[:, t, :] m[:, t] / max(1, words): the mean over each post's words.</summary>
    private static Variable MaskedMean(Variable h, Tensor mask, Tensor inverseCount)
    {
        using var masked = h * new Variable(mask);
        using var sum = masked.Sum(1);
        return sum * new Variable(inverseCount);
    }
}
