using KdGan.Models.Data;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Data;

public class TagDataTests
{
    [Fact]
    public void TokenizerLowercasesAndSplits()
    {
        Assert.Equal(new[] { "sunset", "at", "the", "beach", "2017", "nofilter" }, Tokenizer.Words("Sunset at the BEACH, 2017! #NoFilter"));
        Assert.Empty(Tokenizer.Words(" ,. "));
        Assert.Equal("beach", Tokenizer.NormalizeTag(" Beach "));
    }

    [Fact]
    public void VocabularyRanksByCountThenText()
    {
        var docs = new[] { new[] { "b", "a", "c" }, new[] { "a", "c" }, new[] { "c", "d" } };
        var v = Vocabulary.Build(docs, maxSize: 4, specials: [Vocabulary.Pad, Vocabulary.Unknown]);
        Assert.Equal(new[] { Vocabulary.Pad, Vocabulary.Unknown, "c", "a" }, v.Tokens);
        Assert.Equal(1, v.UnknownId);
        Assert.Equal(new[] { 3, 2, 1 }, v.Encode(["a", "c", "zzz"]));
        var tags = Vocabulary.Build(docs, minCount: 2);
        Assert.Equal(new[] { "c", "a" }, tags.Tokens);
        Assert.Equal(-1, tags.UnknownId);
        Assert.Equal(new[] { 1 }, tags.Encode(["a", "zzz"]));
    }

    [Fact]
    public void VocabularySavesAndLoads()
    {
        using var dir = new TempFolder();
        var v = Vocabulary.ForText(["the cat", "the dog"]);
        v.Save(dir.File("words.txt"));
        Assert.Equal(v.Tokens, Vocabulary.Load(dir.File("words.txt")).Tokens);
        Assert.Equal(2, v.IdOf("the"));
    }

    [Fact]
    public void NpyRoundTripsFloatsAndBytes()
    {
        using var dir = new TempFolder();
        var f = Enumerable.Range(0, 12).Select(i => i * 0.5f - 1).ToArray();
        NpyFile.Write(dir.File("f.npy"), [3, 4], f);
        var a = NpyFile.Read(dir.File("f.npy"));
        Assert.Equal(new[] { 3, 4 }, a.Shape);
        Assert.Equal(f, a.Floats);
        Assert.Equal(0, (File.ReadAllBytes(dir.File("f.npy")).Length - 12 * 4) % 64);

        NpyFile.Write(dir.File("b.npy"), [2, 1, 2, 3], new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 });
        var b = NpyFile.Read(dir.File("b.npy"));
        Assert.Equal(new[] { 2, 1, 2, 3 }, b.Shape);
        Assert.Equal(12, b.Bytes![^1]);
    }

    [Fact]
    public void CorruptNpyIsReported()
    {
        using var dir = new TempFolder();
        string p = dir.File("x.npy");
        NpyFile.Write(p, [4, 2], new float[8]);
        var raw = File.ReadAllBytes(p);
        File.WriteAllBytes(p, raw[..^3]);
        var e = Assert.Throws<DataFormatException>(() => NpyFile.Read(p));
        Assert.Contains("truncated", e.Found);
        Assert.Contains(p, e.Message);

        File.WriteAllBytes(p, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        Assert.Contains("NUMPY", Assert.Throws<DataFormatException>(() => NpyFile.Read(p)).Expected);

        var text = System.Text.Encoding.Latin1.GetString(raw).Replace("<f4", "<f8");
        File.WriteAllBytes(p, System.Text.Encoding.Latin1.GetBytes(text));
        Assert.Contains("'<f8'", Assert.Throws<DataFormatException>(() => NpyFile.Read(p)).Found);
    }

    private static TagDataset Small() => new("small", [3],
        null, [1, 2, 3, 4, 5, 6, 7, 8, 9],
        ["p0", "p1", "p2"],
        ["A red Sunset over the sea", "my cat", "sunset cat sunset cat sunset cat"],
        [["sunset", "sea"], ["Cat"], ["sunset", "cat", "rare"]]);

    [Fact]
    public void TagFilesRoundTrip()
    {
        using var dir = new TempFolder();
        var d = Small();
        TagDatasetFiles.Write(dir.Path, "train", d);
        TagDatasetFiles.Write(dir.Path, "test", d);
        Assert.True(TagRecommendation.IsInstalled(dir.Path));
        var (train, _) = TagRecommendation.Load(dir.Path);
        Assert.Equal(d.Ids, train.Ids);
        Assert.Equal(d.Texts, train.Texts);
        Assert.Equal(d.Tags, train.Tags);
        Assert.Equal(d.Floats, train.Floats);
        Assert.Equal(new[] { 3 }, train.InputDims);
    }

    [Fact]
    public void MalformedTagFilesNameTheLine()
    {
        using var dir = new TempFolder();
        TagDatasetFiles.Write(dir.Path, "train", Small());
        var lines = File.ReadAllLines(dir.File("train.jsonl"));
        lines[1] = "{\"id\": \"p1\", \"text\": \"x\"}";
        File.WriteAllLines(dir.File("train.jsonl"), lines);
        var e = Assert.Throws<DataFormatException>(() => TagDatasetFiles.Read(dir.Path, "train"));
        Assert.Contains("line 2", e.Expected);

        File.WriteAllLines(dir.File("train.jsonl"), lines.Take(1).Append("{not json"));
        Assert.Contains("line 2", Assert.Throws<DataFormatException>(() => TagDatasetFiles.Read(dir.Path, "train")).Expected);

        File.WriteAllLines(dir.File("train.jsonl"), lines.Take(1));
        var rows = Assert.Throws<DataFormatException>(() => TagDatasetFiles.Read(dir.Path, "train"));
        Assert.Contains("one row per post", rows.Expected);
        Assert.Contains("(3, 3)", rows.Found);
    }

    [Fact]
    public void MissingTagDataSaysWhereAndWhat()
    {
        using var dir = new TempFolder();
        var e = Assert.Throws<DataNotFoundException>(() => TagRecommendation.Load(dir.Path));
        Assert.Contains(dir.Path, e.Message);
        Assert.Contains("docs/data.md", e.Message);
        Assert.Contains("MNIST-Tags", e.Message);
    }

    [Fact]
    public void TagBatchesHaveMultiHotTagsAndPaddedText()
    {
        var d = Small();
        var (words, tags) = TagRecommendation.BuildVocabularies(d, maxTags: 2);
        Assert.Equal(new[] { "cat", "sunset" }, tags.Tokens);
        var src = new TagBatchSource(d, words, tags, maxTextLength: 4, indices: d.IndicesWithTags(tags));
        using var b = new DataLoader<TagBatch>(src, 3, 1, shuffle: false).Epoch(0).Single();
        Assert.Equal(new Shape(3, 3), b.Inputs.Shape);
        Assert.Equal(new Shape(3, 2), b.Tags.Shape);
        Assert.Equal(new Shape(3, 4), b.Text.Shape);
        Assert.Equal(new float[] { 0, 1, 1, 0, 1, 1 }, b.Tags.ToArray());
        Assert.Equal(new[] { 4, 2, 4 }, b.TextLengths);
        var text = b.Text.ToArray();
        Assert.Equal(new float[] { words.IdOf("my"), words.IdOf("cat"), 0, 0 }, text[4..8]);
        Assert.Equal(new float[] { 4, 5, 6 }, b.Inputs.ToArray()[3..6]);
        Assert.Equal(new[] { 0, 1 }, b.TagIds[2].Order());
    }

    [Fact]
    public void MnistTagsComposesRealDigitsWithMatchingTags()
    {
        var digits = Synthetic.DigitsByValue(5).All();
        var a = MnistTags.Generate(digits, 200, 7);
        Assert.Equal(new[] { 1, 28, 112 }, a.InputDims);
        Assert.NotNull(a.Bytes);
        for (int n = 0; n < a.Count; n++)
        {
            var canvas = a.Bytes.AsSpan(n * a.InputSize, a.InputSize);
            var present = new HashSet<string>();
            int slots = 0;
            for (int x = 0; x < 112; x += 14)
            {
                if (canvas[14 * 112 + x] == 0) continue;
                present.Add(DigitAt(canvas, 112, x));
                slots++;
            }
            Assert.InRange(slots / 2, 2, 4);
            Assert.Equal(present.Order(), a.Tags[n].Order());
            Assert.All(Tokenizer.Words(a.Texts[n]), w => Assert.Matches("^[a-z]+$", w));
        }
        var counts = a.Tags.GroupBy(t => t.Length).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(counts.Keys.Max() >= 3);
        // Noisy, yet informative: most digit words of the text are tags of the post.
        int hits = 0, digitWords = 0;
        for (int n = 0; n < a.Count; n++)
            foreach (var w in Tokenizer.Words(a.Texts[n]).Where(MnistTags.DigitWords.Contains))
            {
                digitWords++;
                if (a.Tags[n].Contains(w)) hits++;
            }
        Assert.InRange(hits / (double)digitWords, 0.8, 0.999);
    }

    [Fact]
    public void MnistTagsIsReproducibleAndSplitsTrainFromTest()
    {
        var sets = Synthetic.TrainTest(Synthetic.DigitsByValue(250), testCount: 50);
        var (tr1, te1) = MnistTags.Create(sets, 50, 20, seed: 3);
        var (tr2, _) = MnistTags.Create(sets, 50, 20, seed: 3);
        var (tr3, _) = MnistTags.Create(sets, 50, 20, seed: 4);
        Assert.Equal(tr1.Bytes, tr2.Bytes);
        Assert.Equal(tr1.Texts, tr2.Texts);
        Assert.NotEqual(tr1.Texts, tr3.Texts);
        Assert.Equal(20, te1.Count);
        Assert.StartsWith("mnist-tags-test", te1.Ids[0]);
    }
    [Fact]
    public void MnistTagsOptionsShapePostsTextAndTags()
    {
        var digits = Synthetic.DigitsByValue(5).All();
        // No noise: the text is exactly the digit words, left to right; derived tags follow the digits.
        var cleanOptions = new MnistTagsOptions { MinDigits = 3, MaxDigits = 3, DropProbability = 0, SwapProbability = 0, MaxFillerWords = 0, DerivedTags = true };
        var clean = MnistTags.Generate(digits, 100, 11, options: cleanOptions);
        Assert.Equal(new[] { 1, 28, 84 }, clean.InputDims);
        for (int n = 0; n < clean.Count; n++)
        {
            var words = Tokenizer.Words(clean.Texts[n]).ToArray();
            Assert.Equal(3, words.Length);
            var canvas = clean.Bytes!.AsSpan(n * clean.InputSize, clean.InputSize).ToArray();
            var shown = Enumerable.Range(0, 3).Select(s => DigitAt(canvas, 84, s * 28 + 14)).ToArray();
            Assert.Equal(shown, words);
            var values = shown.Select(w => MnistTags.DigitWords.ToList().IndexOf(w)).ToArray();
            var parity = values.Select(v => v % 2 == 0 ? "even" : "odd").Distinct().Order(StringComparer.Ordinal);
            Assert.Equal(shown.Distinct().Concat(parity), clean.Tags[n]);
        }
        // Every word dropped and no fillers: the privileged text is empty, the tags are unchanged.
        var silent = MnistTags.Generate(digits, 50, 11, options: new MnistTagsOptions { DropProbability = 1, MaxFillerWords = 0 });
        Assert.All(silent.Texts, t => Assert.Equal("", t));
        Assert.All(silent.Tags, t => Assert.DoesNotContain("even", t));
        // Every word swapped: no digit is named by its own word in its own position.
        var swapOptions = new MnistTagsOptions { MinDigits = 2, MaxDigits = 2, DropProbability = 0, SwapProbability = 1, MaxFillerWords = 0 };
        var swapped = MnistTags.Generate(digits, 50, 11, options: swapOptions);
        for (int n = 0; n < swapped.Count; n++)
        {
            var canvas = swapped.Bytes!.AsSpan(n * swapped.InputSize, swapped.InputSize);
            var words = Tokenizer.Words(swapped.Texts[n]).ToArray();
            for (int s = 0; s < 2; s++)
                Assert.NotEqual(DigitAt(canvas, 56, s * 28 + 14), words[s]);
        }
    }

    /// <summary>The word of the digit drawn at column x of a canvas of Synthetic.DigitsByValue digits (filled with 20 (d + 1)).</summary>
    private static string DigitAt(ReadOnlySpan<byte> canvas, int width, int x) => MnistTags.DigitWords[canvas[14 * width + x] / 20 - 1];
}
