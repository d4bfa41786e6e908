using KdGan.Tensors.Rng;
namespace KdGan.Models.Data;

/// <summary>
/// MNIST-Tags, a <b>stand-in</b> for the paper's YFCC100M tag recommendation that ships with the
/// project (it is not YFCC data and its numbers are not comparable with the paper's). Each post is
/// an image of 2 to 4 (by default) real MNIST digits side by side, centred on a 28 x 112 canvas (uint8, [1, 28,
/// 112]); its tags are the digits present, as words ("three", "seven"; multi-label, duplicates
/// collapse); its privileged text is a noisy description: the digit words left to right, each
/// dropped or swapped for another digit's word with small probabilities, plus filler words; its tags are
/// optionally (<see cref="MnistTagsOptions.DerivedTags"/>) also "even" / "odd" after the digits' parity. Made
/// from a seeded Philox stream: the same digits, seed and count give the same posts. Train posts use
/// training digits, test posts test digits.
/// </summary>
public static class MnistTags
{
    public const int Height = 28;
    public const int Slot = 28;

    /// <summary>The most digits one post's image may hold (its canvas is this many slots wide at most).</summary>
    public const int MaxDigitsPerPost = 8;

    public static readonly IReadOnlyList<string> DigitWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    private static readonly string[] Fillers =
        ["photo", "my", "handwritten", "digits", "picture", "scan", "number", "numbers", "written", "ink", "paper", "today", "old", "note"];

    /// <summary>Train posts from <c>mnist.Train</c>, test posts from <c>mnist.Test</c> (streams differ).</summary>
    public static (TagDataset Train, TagDataset Test) Create(TrainTestSets mnist, int trainCount = 10_000, int testCount = 2_000,
        ulong seed = 1, MnistTagsOptions? options = null) =>
        (Generate(mnist.Train, trainCount, PhiloxRandom.Mix(seed, 1), "mnist-tags-train", options),
         Generate(mnist.Test, testCount, PhiloxRandom.Mix(seed, 2), "mnist-tags-test", options));

    public static TagDataset Generate(DataView digits, int count, ulong seed, string name = "mnist-tags", MnistTagsOptions? options = null)
    {
        var o = options ?? new MnistTagsOptions();
        if (o.MinDigits < 1 || o.MaxDigits < o.MinDigits || o.MaxDigits > MaxDigitsPerPost)
            throw new ArgumentException($"MNIST-Tags: need 1 <= MinDigits <= MaxDigits <= {MaxDigitsPerPost}, got {o.MinDigits}..{o.MaxDigits}.");
        var src = digits.Source;
        if (src.Channels != 1 || src.Height != Height || src.Width != Slot)
            throw new ArgumentException($"MNIST-Tags: needs 1x28x28 digits, {src.Name} has {src.Channels}x{src.Height}x{src.Width}.");
        if (digits.Count == 0) throw new ArgumentException("MNIST-Tags: no digits to draw from.");
        int width = Slot * o.MaxDigits, size = Height * width;
        var pixels = new byte[(long)count * size];
        var ids = new string[count];
        var texts = new string[count];
        var tags = new string[count][];
        var rng = new PhiloxRandom(seed);
        for (int n = 0; n < count; n++)
        {
            int k = o.MinDigits + rng.NextInt(o.MaxDigits - o.MinDigits + 1);
            int left = (o.MaxDigits - k) * Slot / 2;
            var present = new List<int>(k);
            var canvas = pixels.AsSpan(n * size, size);
            for (int j = 0; j < k; j++)
            {
                int index = digits.Indices[rng.NextInt(digits.Count)];
                present.Add(src.Labels[index]);
                var image = src.Image(index);
                for (int y = 0; y < Height; y++)
                    image.Slice(y * Slot, Slot).CopyTo(canvas.Slice(y * width + left + j * Slot, Slot));
            }
            ids[n] = $"{name}-{n}";
            var postTags = present.Distinct().Select(d => DigitWords[d]);
            if (o.DerivedTags) postTags = postTags.Concat(present.Select(d => d % 2 == 0 ? "even" : "odd").Distinct().Order(StringComparer.Ordinal));
            tags[n] = postTags.ToArray();
            texts[n] = Describe(present, rng, o);
        }
        return new TagDataset(name, [1, Height, width], pixels, null, ids, texts, tags);
    }

    private static string Describe(List<int> digits, PhiloxRandom rng, MnistTagsOptions o)
    {
        var words = new List<string>();
        foreach (int d in digits)
        {
            if (rng.Bernoulli(o.DropProbability)) continue;
            int w = d;
            if (rng.Bernoulli(o.SwapProbability)) w = (d + 1 + rng.NextInt(9)) % 10;
            words.Add(DigitWords[w]);
        }
        int fillers = rng.NextInt(o.MaxFillerWords + 1);
        for (int f = 0; f < fillers; f++) words.Insert(rng.NextInt(words.Count + 1), Fillers[rng.NextInt(Fillers.Length)]);
        return string.Join(' ', words);
    }
}
