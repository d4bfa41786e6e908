using KdGan.Models.Data;
using KdGan.Models.Kdgan;

namespace KdGan.Models.Experiments.Tags;

/// <summary>
/// The tag-recommendation experiments of the catalog: MNIST-Tags, the shipped <b>stand-in</b> for YFCC100M built from the
/// official MNIST (its numbers are not comparable with the paper's), and "tags", posts in the YFCC100M-style format of
/// docs/data.md that a user with the real data converts.
/// </summary>
public static class TagExperiments
{
    /// <summary>MNIST-Tags: training posts drawn from MNIST's training digits, test posts from its test digits.</summary>
    public const int MnistTagsTrainPosts = 10_000, MnistTagsTestPosts = 2_000;

    /// <summary>The seed of the MNIST-Tags posts: one data set for every run seed, as MNIST is one.</summary>
    public const ulong MnistTagsSeed = 1;

    /// <summary>The keys MNIST-Tags reads beyond every method's (its generator's options, and how T reads text).</summary>
    private static readonly string[] MnistTagsKeys = ["teacherText", "tagMinDigits", "tagMaxDigits", "textDrop", "textSwap", "textFillers", "derivedTags"];

    /// <summary>The paper's tag experiment keeps the 200 most popular tags (the authors' code 100).</summary>
    public const int PaperTags = 200;

    /// <summary>Words of a YFCC text the teacher reads.</summary>
    public const int PostTextLength = 32;

    public static readonly ExperimentEntry MnistTags = new("mnist-tags",
        "MNIST-Tags, a stand-in for YFCC100M tag recommendation (not YFCC data): images of 2-4 official MNIST digits, " +
        "tags = the digits, privileged noisy text for T", Augment.Off, LoadMnistTags,
        new Dictionary<Method, IReadOnlyDictionary<int, double>>(), _ => (0.1f, 2.0f))
    {
        Keys = MnistTagsKeys, DefaultSizes = [500],
    };

    public static readonly ExperimentEntry Yfcc = new("tags",
        "tag recommendation on posts in the YFCC100M-style format of docs/data.md (feature vectors, text, tags; bring your own)",
        Augment.Off, LoadYfcc,
        new Dictionary<Method, IReadOnlyDictionary<int, double>>(), _ => (0.7f, 4.0f)) // their best (a, beta) = (0.3, 4): alpha = 1 - a
    {
        Keys = ["teacherText"], DefaultSizes = [9000],
    };

    private static IExperiment LoadYfcc(ExperimentConfig cfg)
    {
        var (train, test) = TagRecommendation.Load(cfg.DataDir);
        return new TagExperiment(Yfcc, train, test, PaperTags, PostTextLength);
    }

    private static IExperiment LoadMnistTags(ExperimentConfig cfg)
    {
        var o = cfg.MnistTagsOptions();
        var (train, test) = Data.MnistTags.Create(Mnist.Load(cfg.DataDir), MnistTagsTrainPosts, MnistTagsTestPosts, MnistTagsSeed, o);
        return new TagExperiment(MnistTags, train, test, PaperTags, o.MaxDigits + o.MaxFillerWords,
            $"MNIST-Tags (a stand-in for YFCC100M; {o.MinDigits}-{o.MaxDigits} digits per post, text drop {o.DropProbability}, swap {o.SwapProbability}, " +
            $"up to {o.MaxFillerWords} fillers{(o.DerivedTags ? ", parity tags" : "")})");
    }
}
