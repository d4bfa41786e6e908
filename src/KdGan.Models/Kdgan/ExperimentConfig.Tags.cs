using KdGan.Models.Data;
using KdGan.Models.Experiments.Tags;

namespace KdGan.Models.Kdgan;

/// <summary>The keys of the tag-recommendation experiments (read by those experiments only: <see cref="Experiments.ExperimentEntry.Keys"/>).</summary>
public sealed partial class ExperimentConfig
{
    /// <summary>How T reads the privileged text: an LSTM (the paper's appendix) or the mean of word embeddings (the authors' code).</summary>
    public TeacherText TeacherText { get; set; } = TeacherText.Lstm;

    /// <summary>MNIST-Tags: fewest and most digits in a post's image (<see cref="MnistTagsOptions"/>).</summary>
    public int TagMinDigits { get; set; } = new MnistTagsOptions().MinDigits;
    public int TagMaxDigits { get; set; } = new MnistTagsOptions().MaxDigits;

    /// <summary>MNIST-Tags: probability that a digit's word is left out of the text.</summary>
    public float TextDrop { get; set; } = new MnistTagsOptions().DropProbability;

    /// <summary>MNIST-Tags: probability that a digit's word is replaced by another digit's.</summary>
    public float TextSwap { get; set; } = new MnistTagsOptions().SwapProbability;

    /// <summary>MNIST-Tags: most filler words added to a text.</summary>
    public int TextFillers { get; set; } = new MnistTagsOptions().MaxFillerWords;

    /// <summary>MNIST-Tags: also tag each post "even" and / or "odd" after the parity of its digits.</summary>
    public bool DerivedTags { get; set; } = new MnistTagsOptions().DerivedTags;

    /// <summary>The MNIST-Tags generator's options these keys give.</summary>
    public MnistTagsOptions MnistTagsOptions() => new()
    {
        MinDigits = TagMinDigits, MaxDigits = TagMaxDigits, DropProbability = TextDrop, SwapProbability = TextSwap,
        MaxFillerWords = TextFillers, DerivedTags = DerivedTags,
    };

    private void ValidateTags()
    {
        Check("teacherText", Enum.IsDefined(TeacherText), TeacherText);
        Min("tagMinDigits", TagMinDigits, 1, null, Data.MnistTags.MaxDigitsPerPost);
        Min("tagMaxDigits", TagMaxDigits, TagMinDigits, "tagMinDigits", Data.MnistTags.MaxDigitsPerPost);
        Range("textDrop", TextDrop, 0, 1);
        Range("textSwap", TextSwap, 0, 1);
        Min("textFillers", TextFillers, 0, null, 100);
    }
}
