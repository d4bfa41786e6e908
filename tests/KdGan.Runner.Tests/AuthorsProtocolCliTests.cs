using System.Text.Json;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;

namespace KdGan.Runner.Tests;

/// <summary>
/// `--protocol authors` end to end on tiny MNIST-format IDX files the test writes: every method of their protocol runs,
/// the preset fills what was not given, C is evaluated after every C pass in the game, and each result holds the three
/// selections.
/// </summary>
public sealed class AuthorsProtocolCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-authors-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void EveryMethodRunsUnderTheAuthorsProtocolWithItsPresetAndThreeSelections()
    {
        string data = TinyMnist.Write(_dir, 60);
        string runs = Path.Combine(_dir, "runs");
        var (code, output, err) = TinyMnist.Kdgan("reproduce", "mnist", "--protocol", "authors", "--sizes", "20", "--seeds", "1",
            "--device", "cpu", "--data-dir", data, "--validation-size", "20", "--pretrain-epochs", "2", "--epochs", "1",
            "--d-passes", "1", "--t-passes", "1", "--c-passes", "2", "--d-negatives", "3", "--runs", runs, "--out", Path.Combine(_dir, "out"));
        Assert.True(code == 0, err + output);
        string table = File.ReadAllText(Path.Combine(_dir, "out", "mnist-authors.md"));
        Assert.Contains("under the authors' protocol", table);
        Assert.Contains("best-test", table);
        foreach (var m in new[] { "student", "mimic", "distn", "noisy", "nagan", "kdgan" }) Assert.Contains($"| {m} |", table);
        Assert.DoesNotContain("| codis |", table); // not in their code

        string kdgan = Path.Combine(runs, "mnist-kdgan-reward-n20-s1");
        var cfg = ExperimentConfig.FromJson(File.ReadAllText(Path.Combine(kdgan, "config.json")));
        Assert.Equal((Protocol.Authors, DSampler.Authors, 25, 4e-5f), (cfg.Protocol, cfg.DSampler, cfg.RewardSamples, cfg.WeightDecay));
        Assert.Equal((2, 1, 2, 3), (cfg.PretrainEpochs, cfg.Epochs, cfg.CPasses, cfg.DNegatives)); // given: they win over the preset
        Assert.Equal(DSampler.Soft, ExperimentConfig.FromJson(File.ReadAllText(Path.Combine(runs, "mnist-nagan-reward-n20-s1", "config.json"))).DSampler);

        var curve = File.ReadAllLines(Path.Combine(kdgan, "metrics.jsonl")).Select(l => JsonSerializer.Deserialize<EpochMetrics>(l)!).ToList();
        Assert.Equal(["pretrain", "train"], curve.Select(m => m.Phase));
        var game = curve[1];
        Assert.Equal(2, game.PassTest!.Length);               // one evaluation per C pass
        Assert.Equal(game.PassTest[^1], game.TestAccuracy);
        Assert.InRange(game.DScoreTrue!.Value, 0, 1);
        Assert.InRange(game.DScoreWrong!.Value, 0, 1);
        Assert.True(game.CGradientRatio is >= 0, "C's adversarial / distillation gradient ratio is logged");

        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(kdgan, "result.json")));
        var r = result.RootElement;
        Assert.Equal("authors", r.GetProperty("Protocol").GetString());
        double best = r.GetProperty("BestTestAccuracy").GetDouble();
        Assert.Equal(game.PassTest.Max(), best);
        Assert.True(best >= r.GetProperty("FinalTestAccuracy").GetDouble());
        Assert.True(best >= r.GetProperty("TestAccuracyAtBestValidation").GetDouble());

        // Every baseline starts from the pretrained C: the same pretraining line (the cached C) heads each of their curves.
        string PretrainLine(string method) => File.ReadAllLines(Path.Combine(runs, $"mnist-{method}-reward-n20-s1", "metrics.jsonl"))[0].Split("\"Seconds\"")[0];
        Assert.Equal(PretrainLine("student"), PretrainLine("mimic"));
        Assert.Equal(PretrainLine("student"), PretrainLine("kdgan"));
        // C, T and D are pretrained once for every method of a seed (the cache).
        Assert.Equal(3, Directory.GetFiles(Path.Combine(runs, "cache"), "*-authors-*.safetensors").Length);
    }

    [Fact]
    public void CodisUnderTheAuthorsProtocolIsAUsageError()
    {
        var (code, _, err) = TinyMnist.Kdgan("train", "--protocol", "authors", "--method", "codis", "--out", Path.Combine(_dir, "runs"));
        Assert.Equal(2, code);
        Assert.Contains("codis is not in the authors' protocol", err);
    }
}
