namespace KdGan.Models.Data;

/// <summary>How MNIST-Tags posts are made (see <see cref="MnistTags"/>).</summary>
public sealed record MnistTagsOptions
{
    /// <summary>Fewest and most digits per image (2 to 4 by default).</summary>
    public int MinDigits { get; init; } = 2;
    public int MaxDigits { get; init; } = 4;

    /// <summary>Probability that a digit's word is left out of the text.</summary>
    public float DropProbability { get; init; } = 0.2f;

    /// <summary>Probability that a digit's word is replaced by the word of a different digit.</summary>
    public float SwapProbability { get; init; } = 0.1f;

    /// <summary>Filler words added to each text (0 to this many, at random places).</summary>
    public int MaxFillerWords { get; init; } = 3;

    /// <summary>Also tag a post "even" when it shows an even digit and "odd" when it shows an odd one.</summary>
    public bool DerivedTags { get; init; }
}
