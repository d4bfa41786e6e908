namespace KdGan.Models.Data;

/// <summary>The transform chains the experiments use (pass them to an <see cref="ImageBatchSource"/>).</summary>
public static class Augmentations
{
    /// <summary>MNIST training: random affine (rotation +-15 degrees, shift 10%, zoom 10%) on [0, 1] pixels.</summary>
    public static IImageTransform[] MnistTrain() => [new RandomAffine()];

    /// <summary>CIFAR training: pad 4, random 32x32 crop, random flip, then per-image standardisation.</summary>
    public static IImageTransform[] CifarTrain() => [new PadCropFlip(), new PerImageStandardize()];

    /// <summary>CIFAR evaluation: per-image standardisation only.</summary>
    public static IImageTransform[] CifarEval() => [new PerImageStandardize()];
}
