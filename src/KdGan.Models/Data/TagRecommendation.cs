namespace KdGan.Models.Data;

/// <summary>
/// A tag-recommendation data set on disk (the paper's YFCC100M task, converted to the format of
/// docs/data.md): <c>train.jsonl</c>/<c>train.npy</c> and <c>test.jsonl</c>/<c>test.npy</c>. YFCC100M
/// cannot be downloaded on this project's machines; MNIST-Tags (<see cref="MnistTags"/>) stands in.
/// </summary>
public static class TagRecommendation
{
    public static bool IsInstalled(string? folder = null)
    {
        string dir = folder ?? DataPaths.Tags;
        return TagDatasetFiles.Exists(dir, "train") && TagDatasetFiles.Exists(dir, "test");
    }

    public static (TagDataset Train, TagDataset Test) Load(string? folder = null)
    {
        string dir = folder ?? DataPaths.Tags;
        if (!IsInstalled(dir))
            throw new DataNotFoundException("tag recommendation data",
                $"expected train.jsonl and test.jsonl with train.npy and test.npy (or the image files their lines name) in {dir} (format: docs/data.md). YFCC100M cannot be downloaded here: " +
                "convert your copy to that format and put it there (or set KDGAN_TAGS), or use the MNIST-Tags stand-in.");
        return (TagDatasetFiles.Read(dir, "train"), TagDatasetFiles.Read(dir, "test"));
    }

    /// <summary>Vocabularies from the training posts only: the most popular tags and the most frequent words.</summary>
    public static (Vocabulary Words, Vocabulary Tags) BuildVocabularies(TagDataset train, int maxTags = 200, int maxWords = 20_000, int minWordCount = 1) =>
        (Vocabulary.ForText(train.Texts, maxWords, minWordCount), Vocabulary.ForTags(train.Tags, maxTags));
}
