namespace KdGan.Models.Data;

/// <summary>
/// Fashion-MNIST (Xiao et al. 2017): 60,000 + 10,000 28x28 greyscale images of 10 clothing classes
/// in MNIST's IDX format, installed by the Debian package <c>dataset-fashion-mnist</c> under
/// <c>/usr/share/datasets/fashion-mnist</c> (gzipped), or any folder with the same files.
/// </summary>
public static class FashionMnist
{
    public static readonly IReadOnlyList<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static bool IsInstalled(string? folder = null) => IdxImageSet.FindStandard(folder ?? DataPaths.FashionMnist) is not null;

    public static TrainTestSets Load(string? folder = null) =>
        IdxImageSet.LoadStandard("Fashion-MNIST", folder ?? DataPaths.FashionMnist, ClassNames,
            "Run scripts/setup-data.sh (it installs the Debian package dataset-fashion-mnist), or set KDGAN_FASHION_MNIST to a folder with the IDX files.");
}
