namespace KdGan.Runner.Tests;

/// <summary>
/// `kdgan` over the whole fuzz corpus (fuzz/corpus: the seeds and what AFL++ found, docs/fuzzing.md): every file goes
/// to the command that reads its kind, and ends with exit 0, 2, 3 or 4 and one message, never a stack trace or a hang.
/// </summary>
public sealed class FuzzCorpusCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-corpus-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Corpus()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "KdGan.sln"))) return Path.Combine(d.FullName, "fuzz", "corpus");
        throw new DirectoryNotFoundException("the repository root (KdGan.sln) above the test binaries");
    }

    public static TheoryData<string> Readers => ["safetensors", "idx", "npy", "tags", "cifar"];

    [Theory]
    [MemberData(nameof(Readers))]
    public void EveryCorpusFileEndsWithAMessageAndAKnownExitCode(string reader)
    {
        var files = Directory.GetFiles(Path.Combine(Corpus(), reader));
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var r = Run(reader, file);
            Assert.True(r.Code is 0 or 2 or 3 or 4, $"{reader} {Path.GetFileName(file)}: exit {r.Code}\n{r.Err}");
            Assert.DoesNotContain("   at ", r.Err);
            if (r.Code != 0) Assert.False(string.IsNullOrWhiteSpace(r.Err), $"{file}: failed without a word");
        }
    }

    private (int Code, string Out, string Err) Run(string reader, string file)
    {
        switch (reader)
        {
            case "safetensors":
                return TinyMnist.Kdgan("eval", file);
            case "idx":
            {
                // The corpus file as MNIST's training images (or labels), beside valid other files.
                string data = TinyMnist.Write(Path.Combine(_dir, Guid.NewGuid().ToString("N")), 60);
                string target = Path.GetFileName(file).Contains("label") ? "train-labels-idx1-ubyte" : "train-images-idx3-ubyte";
                File.Copy(file, Path.Combine(data, target), overwrite: true);
                return TinyMnist.Kdgan("train", "--data-dir", data, "--device", "cpu", "--train-size", "20", "--validation-size", "20",
                    "--method", "student", "--pretrain-epochs", "0", "--epochs", "1", "--out", Path.Combine(_dir, "runs"), "--cache-dir", "");
            }
            default:
            {
                // .npy, tag and CIFAR files through the readers the CLI uses for them: `data export-tags` has no reader of
                // its own input, so these go through the library's readers as the CLI would meet them.
                var e = Record(() =>
                {
                    switch (reader)
                    {
                        case "npy": Models.Data.NpyFile.Read(file); break;
                        case "cifar": Models.Data.Cifar10.ReadBatches("c", [file]); break;
                        default:
                            string folder = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
                            Directory.CreateDirectory(folder);
                            File.Copy(file, Path.Combine(folder, "train.jsonl"));
                            Models.Data.NpyFile.Write(Path.Combine(folder, "train.npy"), [2, 2], new byte[4]);
                            Models.Data.TagDatasetFiles.Read(folder, "train");
                            break;
                    }
                });
                var (code, message) = e is null ? (0, "") : Cli.ExitCodes.Of(e, "kdgan");
                return (code, "", message);
            }
        }
    }

    private static Exception? Record(Action a)
    {
        try { a(); return null; }
        catch (Exception e) { return e; }
    }
}
