using KdGan.Models.Data;
using KdGan.Models.Kdgan;
using KdGan.Models.Nn;
using KdGan.Models.Training;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Experiments.Tags;

/// <summary>
/// Tag recommendation with privileged text (the paper's third experiment) over a training pool and a test set of posts.
/// C and D see the input only (an image or a feature vector); T also reads the post's text (<see cref="TextImageTeacher"/>).
/// Labels are the post's tags, multi-hot and normalised to sum 1 for the loss; the metric is the tag ranking
/// (<see cref="TagRanking"/>, P@3 selects). The vocabularies come from the training pool (the label space and the words
/// a text may hold, as the authors build them); posts without a vocabulary tag are left out. Validation and labelled
/// posts are carved from the pool by a seeded shuffle, validation first, so no network ever trains on a validation or
/// test post (the authors' teacher pretraining drew half its batches from their evaluation split; ours cannot).
/// </summary>
public sealed class TagExperiment : IExperiment
{
    private readonly TagDataset _train, _test;
    private readonly int[] _pool, _testPosts;
    private readonly TagBatchSource _testSource;

    public TagExperiment(ExperimentEntry entry, TagDataset train, TagDataset test, int maxTags, int maxTextLength, string? note = null)
    {
        if (train.InputSize != test.InputSize)
            throw new DataFormatException(test.Name, $"its inputs have {test.InputSize} values, the training posts' {train.InputSize}.");
        Entry = entry;
        (_train, _test, MaxTextLength) = (train, test, maxTextLength);
        (Words, Tags) = TagRecommendation.BuildVocabularies(train, maxTags);
        if (Tags.Count < 2) throw new DataFormatException(train.Name, $"its posts have {Tags.Count} distinct tag(s); tag recommendation needs at least 2.");
        _pool = train.IndicesWithTags(Tags);
        _testPosts = test.IndicesWithTags(Tags);
        if (_testPosts.Length == 0) throw new DataFormatException(test.Name, "none of its posts has a tag of the training posts' vocabulary.");
        _testSource = new TagBatchSource(test, Words, Tags, maxTextLength, _testPosts);
        Description = $"{note ?? train.Name}: {_pool.Length} training and {_testPosts.Length} test posts with a tag of {Tags.Count}, " +
                      $"{Words.Count} words, inputs [{string.Join(", ", train.InputDims)}]";
    }

    public ExperimentEntry Entry { get; }
    public string Description { get; }
    public int TrainingPool => _pool.Length;
    public IMetric Metric => TagRanking.Instance;
    public IReadOnlyList<string> ClassNames => Tags.Tokens;

    /// <summary>The word vocabulary (&lt;pad&gt; = 0, &lt;unk&gt; = 1) and the tag vocabulary (the classes).</summary>
    public Vocabulary Words { get; }
    public Vocabulary Tags { get; }

    /// <summary>Words of a text the teacher reads (longer texts are cut).</summary>
    public int MaxTextLength { get; }

    public int InputSize => _train.InputSize;

    public RunData Split(int labeled, int validation, ulong seed, bool lastLabeled = false)
    {
        if (lastLabeled) throw new ConfigException("protocol", $"authors replays the authors' MNIST code; {Entry.Name} runs under the fair protocol only.");
        if (labeled < 1 || validation < 1 || labeled + validation > _pool.Length)
            throw new ConfigException("trainSize", $"{labeled} + validationSize {validation} must be at least 1 each and at most the {_pool.Length} training posts of {_train.Name}.");
        var order = (int[])_pool.Clone();
        var rng = new PhiloxRandom(PhiloxRandom.Mix(seed, 0x746167)); // "tag"
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var val = order[..validation];
        var lab = order[validation..(validation + labeled)];
        Array.Sort(val);
        Array.Sort(lab);
        var labeledSource = new TagBatchSource(_train, Words, Tags, MaxTextLength, lab);
        var valSource = new TagBatchSource(_train, Words, Tags, MaxTextLength, val);
        return new RunData(labeledSource, labeledSource, valSource, _testSource,
            $"{labeled} labelled, {validation} validation, {_pool.Length - labeled - validation} unused, {_testPosts.Length} test posts",
            DataFingerprint.OfPosts(_train, lab, val));
    }

    /// <summary>
    /// C and D: MLP input-800-800-K with ReLU and dropout (the paper's 2 x 800 student); T: <see cref="TextImageTeacher"/>
    /// of <see cref="ExperimentConfig.TeacherText"/>.
    /// </summary>
    public Sequential Network(Role role, ExperimentConfig cfg, Generator init, Generator dropout, Device device)
    {
        if (role == Role.Teacher)
            return (Sequential)new Sequential(new TextImageTeacher(cfg.TeacherText, InputSize, MaxTextLength, Words.Count, Tags.Count,
                cfg.TeacherDropout, init, dropout, device)).To(device);
        float p = role == Role.Student ? cfg.StudentDropout : cfg.TeacherDropout;
        return (Sequential)new Sequential(
            new Flatten(),
            new Linear(InputSize, 800, init, device: device), new Relu(), new Dropout(p, dropout),
            new Linear(800, 800, init, device: device), new Relu(), new Dropout(p, dropout),
            new Linear(800, Tags.Count, init, device: device)).To(device);
    }

    /// <summary>The labelled posts' sources, for baselines that read the data directly (KNN tag voting).</summary>
    public (TagBatchSource Labeled, TagBatchSource Test) Sources(RunData data) =>
        ((TagBatchSource)data.Labeled, (TagBatchSource)data.Test);
}
