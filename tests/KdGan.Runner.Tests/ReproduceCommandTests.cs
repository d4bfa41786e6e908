using System.Text.Json;
using KdGan.Models.Kdgan;

namespace KdGan.Runner.Tests;

/// <summary>
/// <c>kdgan reproduce</c> end to end on tiny MNIST-format IDX files the test writes: the table and JSON appear, an
/// explicit --beta holds for every size, finished runs are reused (a baseline also when only KDGAN's options
/// changed), and a finished run of another configuration is refused instead of being reported as if it were the one asked for.
/// </summary>
public sealed class ReproduceCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-reproduce-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteTinyMnist(int train) => TinyMnist.Write(_dir, train);

    private (int Code, string Out, string Err) Reproduce(string data, params string[] extra)
    {
        string[] args = ["reproduce", "mnist", "--sizes=20", "--seeds", "1", "--methods", "student,nagan,KDGAN", "--device", "CPU",
            "--data-dir", data, "--validation-size", "20", "--pretrain-epochs", "1", "--epochs", "1", "--d-negatives", "2",
            "--runs", Path.Combine(_dir, "runs"), "--out", Path.Combine(_dir, "out"), .. extra];
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void RunsEveryMethodWritesTheTableAndReusesOnlyRunsOfTheSameConfiguration()
    {
        string data = WriteTinyMnist(60);
        var (code, output, err) = Reproduce(data, "--beta=0.5");
        Assert.True(code == 0, err);
        string table = File.ReadAllText(Path.Combine(_dir, "out", "mnist-gumbel.md"));
        Assert.Contains("| student |", table);
        Assert.Contains("| kdgan |", table);
        Assert.Matches(@"Time: \d+\.\d min of training in its 3 runs \(\d+\.\d min of wall time\)", table);
        Assert.Contains("alpha the paper's best per size, beta 0.5 for every size", table);
        Assert.Matches(@"n=20, final: KDGAN [+-]\d+\.\d\d points against the best other method \(student\)", table);
        Assert.Contains("n=20: KDGAN's discriminator loss in the last epoch", table);
        Assert.Contains("| kdgan |", table);
        Assert.Matches(@"\| student \| \d+\.\d\d \(n = 1\) \| \d+\.\d\d \(n = 1\) \| \d+\.\d\d \(n = 1\) \| - \|", table); // one seed: no standard deviation
        Assert.DoesNotContain("+- 0.00", table);
        Assert.Matches(@"n=20: speed: NaGAN's best mean validation accuracy, \d+\.\d\d%, is reached by NaGAN at game epoch 1 and by KDGAN (at epoch 1|in none of its 1 epochs)\.", table);
        var naganConfig = ExperimentConfig.FromJson(File.ReadAllText(Path.Combine(_dir, "runs", "mnist-nagan-gumbel-n20-s1", "config.json")));
        Assert.Equal(0.1f, naganConfig.Alpha); // as `kdgan train --method nagan` stores it (NaGAN reads no alpha)
        var kdganConfig = ExperimentConfig.FromJson(File.ReadAllText(Path.Combine(_dir, "runs", "mnist-kdgan-gumbel-n20-s1", "config.json")));
        Assert.Equal(0.5f, kdganConfig.Beta);   // the explicit --beta, not the paper's 2.0 for small sizes
        Assert.Equal(0.1f, kdganConfig.Alpha);  // the paper's alpha
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", "mnist-gumbel.json"))))
            Assert.Equal(3, json.RootElement.GetArrayLength());

        (code, output, err) = Reproduce(data, "--beta", "0.5");
        Assert.True(code == 0, err);
        Assert.Contains("done earlier", output);
        Assert.Contains("in its 3 runs (3 of them finished by an earlier invocation and reused;", File.ReadAllText(Path.Combine(_dir, "out", "mnist-gumbel.md")));

        // beta is KDGAN's alone: the student's and NaGAN's runs are reused, KDGAN's is refused.
        (code, output, err) = Reproduce(data, "--beta", "0.25");
        Assert.Equal(2, code);
        Assert.Contains("student n=20 seed=1] done earlier", output);
        Assert.Contains("nagan n=20 seed=1] done earlier", output);
        Assert.Contains("mnist-kdgan-gumbel-n20-s1 holds a finished run of another configuration (config.json differs: beta 0.5 -> 0.25)", err);
    }
}
