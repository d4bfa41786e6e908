using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Tests.Kdgan;

/// <summary>The authors' protocol's pieces that decide its numbers: D's samplers, the preset, and the three selections.</summary>
public class AuthorsProtocolTests
{
    /// <summary>Logits that put almost all of softmax's mass on each example's true label.</summary>
    private static Tensor Confident(int[] classes, float margin = 12f)
    {
        var z = new float[classes.Length * 10];
        for (int i = 0; i < classes.Length; i++) z[i * 10 + classes[i]] = margin;
        return Tensor.FromArray(z, [classes.Length, 10]);
    }

    [Fact]
    public void AuthorsSamplerGivesFiveTruePositivesAndTwentyNegativesThatMayBeTheTrueLabel()
    {
        int[] classes = [3, 7, 0, 9];
        var set = DiscriminatorSamplers.Draw(DSampler.Authors, 20, new Generator(5), classes, Confident(classes));
        Assert.Equal(25, set.PerExample);
        Assert.Equal(4 * 25, set.Labels.Length);
        for (int i = 0; i < classes.Length; i++)
        {
            var labels = set.Labels.AsSpan(i * 25, 25).ToArray();
            var targets = set.Targets.AsSpan(i * 25, 25).ToArray();
            Assert.All(labels[..5], l => Assert.Equal(classes[i], l));
            Assert.All(targets[..5], t => Assert.Equal(1f, t));
            Assert.All(targets[5..], t => Assert.Equal(0f, t));
            // The generator is sure of the true label, so the negatives drawn from its softmax are the true label too,
            // with target 0: D's optimum on it is 5 / (5 + 20) = 0.2, not 1/2.
            Assert.True(labels[5..].Count(l => l == classes[i]) >= 19, string.Join(",", labels));
        }
    }

    [Fact]
    public void SoftSamplerExcludesTheTrueClassAndDrawsSoftTargets()
    {
        int[] classes = [1, 2, 2, 8, 5];
        var set = DiscriminatorSamplers.Draw(DSampler.Soft, 20, new Generator(9), classes, Confident(classes));
        for (int i = 0; i < classes.Length; i++)
        {
            var labels = set.Labels.AsSpan(i * 25, 25).ToArray();
            var targets = set.Targets.AsSpan(i * 25, 25).ToArray();
            Assert.All(labels[..5], l => Assert.Equal(classes[i], l));
            Assert.DoesNotContain(classes[i], labels[5..]);
            Assert.All(targets[..5], t => Assert.InRange(t, 0.7f, 1f));
            Assert.All(targets[5..], t => Assert.InRange(t, 0f, 0.3f));
        }
        Assert.True(set.Targets.Distinct().Count() > 100, "soft targets are drawn per pair");
    }

    [Fact]
    public void SamplersAreReproducibleFromTheirStream()
    {
        int[] classes = [4, 4, 6];
        var z = new[] { 0.5f, -1f, 2f, 0f, 1f, 0f, 0.3f, 0f, 0f, 1f };
        Tensor Logits() => Tensor.FromArray([.. z, .. z, .. z], [3, 10]);
        var a = DiscriminatorSamplers.Draw(DSampler.Soft, 20, new Generator(3), classes, Logits());
        var b = DiscriminatorSamplers.Draw(DSampler.Soft, 20, new Generator(3), classes, Logits());
        var c = DiscriminatorSamplers.Draw(DSampler.Soft, 20, new Generator(4), classes, Logits());
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Targets, b.Targets);
        Assert.NotEqual(a.Labels, c.Labels);
    }

    [Fact]
    public void PresetIsTheirsAndExplicitKeysWin()
    {
        var cfg = new ExperimentConfig { Protocol = Protocol.Authors, Method = Method.Kdgan, TrainSize = 100 };
        cfg.ApplyPresets(new HashSet<string> { "epochs" });
        Assert.Equal((20, 10, 10, 20, 25), (cfg.DPasses, cfg.TPasses, cfg.CPasses, cfg.DNegatives, cfg.RewardSamples));
        Assert.Equal((DSampler.Authors, AdversarialMode.Reward, DistillLoss.L2), (cfg.DSampler, cfg.Mode, cfg.Distill));
        Assert.Equal((0.1f, 2f, 0f), (cfg.Alpha, cfg.Beta, cfg.Gamma)); // (a, beta) = (0.9, 2); alpha = 1 - a
        Assert.Equal((1e-3f, 1e-3f, 1e-3f), (cfg.LearningRate, cfg.CGanLearningRate, cfg.DGanLearningRate));
        Assert.Equal((200, 0.12f, 4e-5f, Augment.Main), (cfg.PretrainEpochs, cfg.StudentDropout, cfg.WeightDecay, cfg.Augment));
        Assert.Equal(30, cfg.Epochs); // given explicitly (here: left at what the user set), not the preset's 100
        var mimic = new ExperimentConfig { Protocol = Protocol.Authors, Method = Method.Mimic, TrainSize = 1000 };
        mimic.ApplyPresets(new HashSet<string>());
        Assert.Equal(200, mimic.Epochs);
        var student = new ExperimentConfig { Protocol = Protocol.Authors, Method = Method.Student };
        student.ApplyPresets(new HashSet<string>());
        Assert.Equal(0, student.Epochs); // their "student alone" is the pretrained C
        var nagan = new ExperimentConfig { Protocol = Protocol.Authors, Method = Method.Nagan, TrainSize = 10000 };
        nagan.ApplyPresets(new HashSet<string>());
        Assert.Equal((20, 20, 10, DSampler.Soft), (nagan.Epochs, nagan.DPasses, nagan.CPasses, nagan.DSampler));
        var fair = new ExperimentConfig();
        fair.ApplyPresets(new HashSet<string>());
        Assert.Empty(new ExperimentConfig().Differences(fair));
        var codis = new ExperimentConfig { Protocol = Protocol.Authors, Method = Method.Codis };
        Assert.Equal("method", Assert.Throws<ConfigException>(codis.Validate).Key);
    }

    [Fact]
    public void EveryRunHasThreeSelectionsOverAllEvaluations()
    {
        static EpochMetrics Epoch(int e, double[] val, double[] test) =>
            new("train", e, val[^1], test[^1], null, 0, null, null, 0, 0) { PassValidation = val, PassTest = test };
        var curve = new List<EpochMetrics>
        {
            new("pretrain", 0, 0.99, 0.99, null, 0, null, null, 0, 0), // pretraining is not scored when there is a main phase
            Epoch(1, [0.50, 0.70, 0.60], [0.52, 0.65, 0.80]),
            Epoch(2, [0.70, 0.55, 0.58], [0.61, 0.59, 0.57]),
        };
        var s = RunSelections.Of(curve);
        Assert.Equal(0.57, s.Final);                 // the last evaluation
        Assert.Equal((0.70, 0.65, 1), (s.BestValidation, s.TestAtBestValidation, s.BestEpoch)); // the earliest of the tied best
        Assert.Equal(0.80, s.BestTest);              // test selection, mid-epoch
        var studentAlone = RunSelections.Of([curve[0]]);
        Assert.Equal((0.99, 0.99), (studentAlone.Final, studentAlone.BestTest));
    }
}
