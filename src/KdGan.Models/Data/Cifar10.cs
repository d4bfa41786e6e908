namespace KdGan.Models.Data;

/// <summary>
/// CIFAR-10, "binary version" (Krizhevsky 2009): <c>data_batch_1.bin</c> .. <c>data_batch_5.bin</c> and
/// <c>test_batch.bin</c>, each a sequence of 3,073-byte records: 1 label byte (0..9), then 1,024 red,
/// 1,024 green and 1,024 blue bytes of a 32x32 image, rows top to bottom. The official files hold
/// 10,000 records each; the reader accepts any whole number of records (tests write small files).
/// It cannot be downloaded on this project's machines: put the files in <see cref="DataPaths.Cifar10"/>.
/// </summary>
public static class Cifar10
{
    public const int Side = 32;
    public const int ImageBytes = 3 * Side * Side;
    public const int RecordBytes = 1 + ImageBytes;

    /// <summary>Images in the five official training batches (the paper's largest n).</summary>
    public const int TrainCount = 50_000;

    public static readonly IReadOnlyList<string> ClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    public static readonly IReadOnlyList<string> TrainFiles =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    public const string TestFile = "test_batch.bin";

    public static bool IsInstalled(string? folder = null)
    {
        string dir = folder ?? DataPaths.Cifar10;
        return TrainFiles.Append(TestFile).All(f => File.Exists(Path.Combine(dir, f)));
    }

    public static TrainTestSets Load(string? folder = null)
    {
        string dir = folder ?? DataPaths.Cifar10;
        var missing = TrainFiles.Append(TestFile).Where(f => !File.Exists(Path.Combine(dir, f))).ToList();
        if (missing.Count > 0)
            throw new DataNotFoundException("CIFAR-10",
                $"missing {string.Join(", ", missing)} in {dir}. It cannot be downloaded here: get the CIFAR-10 binary version " +
                "(cifar-10-binary.tar.gz, https://www.cs.toronto.edu/~kriz/cifar.html), extract it and put the files of cifar-10-batches-bin/ " +
                $"in {dir}, or set KDGAN_CIFAR10 (or pass the folder) to where they are.");
        var train = ReadBatches("CIFAR-10 train", TrainFiles.Select(f => Path.Combine(dir, f)).ToArray());
        var test = ReadBatches("CIFAR-10 test", [Path.Combine(dir, TestFile)]);
        return new TrainTestSets("CIFAR-10", train.All(), test.All());
    }

    /// <summary>Reads and concatenates binary batch files into one <see cref="LabeledImages"/> [n, 3, 32, 32].</summary>
    public static LabeledImages ReadBatches(string name, IReadOnlyList<string> paths)
    {
        long total = 0;
        foreach (var p in paths)
        {
            long len = InputFile.Check(p, "CIFAR-10 batch file", 1L << 30, (f, problem) => new DataFormatException(f, problem));
            if (len == 0) throw new DataFormatException(p, 0, $"{RecordBytes}-byte records (1 label + {ImageBytes} pixels)", "an empty file");
            if (len % RecordBytes != 0)
                throw new DataFormatException(p, len - len % RecordBytes,
                    $"whole {RecordBytes}-byte records (1 label + {ImageBytes} pixels)",
                    $"a file of {len} bytes: {len / RecordBytes} records and {len % RecordBytes} bytes left over (truncated or not a CIFAR-10 batch)");
            total += len / RecordBytes;
        }
        var pixels = new byte[checked(total * ImageBytes)];
        var labels = new int[total];
        int n = 0;
        var record = new byte[RecordBytes];
        foreach (var p in paths)
        {
            using var s = new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            for (long r = 0; s.ReadAtLeast(record, RecordBytes, throwOnEndOfStream: false) == RecordBytes; r++, n++)
            {
                if (record[0] >= ClassNames.Count)
                    throw new DataFormatException(p, r * RecordBytes, $"a label byte in 0..{ClassNames.Count - 1} (record {r})", $"{record[0]}");
                labels[n] = record[0];
                record.AsSpan(1).CopyTo(pixels.AsSpan(n * ImageBytes, ImageBytes));
            }
        }
        return new LabeledImages(name, pixels, labels, 3, Side, Side, ClassNames);
    }

    /// <summary>Writes images [n, 3, 32, 32] and labels as one binary batch file (used by tests and tools).</summary>
    public static void WriteBatch(string path, ReadOnlySpan<byte> pixels, ReadOnlySpan<int> labels)
    {
        if (pixels.Length != labels.Length * ImageBytes)
            throw new ArgumentException($"CIFAR-10: {labels.Length} labels need {labels.Length * ImageBytes} pixel bytes, got {pixels.Length}.");
        using var s = new FileStream(path, FileMode.Create, FileAccess.Write);
        for (int i = 0; i < labels.Length; i++)
        {
            s.WriteByte(checked((byte)labels[i]));
            s.Write(pixels.Slice(i * ImageBytes, ImageBytes));
        }
    }
}
