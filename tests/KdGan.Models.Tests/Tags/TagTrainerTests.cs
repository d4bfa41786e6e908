using KdGan.Models.Data;
using KdGan.Models.Experiments.Tags;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Tags;

/// <summary>The trainer on tag recommendation: every method end to end on <see cref="TinyPosts"/>, and the splits.</summary>
public sealed class TagTrainerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-tags-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(Method.Student, AdversarialMode.Gumbel)]
    [InlineData(Method.Mimic, AdversarialMode.Gumbel)]
    [InlineData(Method.Distn, AdversarialMode.Gumbel)]
    [InlineData(Method.Noisy, AdversarialMode.Gumbel)]
    [InlineData(Method.Codis, AdversarialMode.Gumbel)]
    [InlineData(Method.Nagan, AdversarialMode.Gumbel)]
    [InlineData(Method.Nagan, AdversarialMode.Reward)]
    [InlineData(Method.Kdgan, AdversarialMode.Gumbel)]
    [InlineData(Method.Kdgan, AdversarialMode.Reward)]
    public void EveryMethodTrainsAndReportsEveryRankingMetric(Method method, AdversarialMode mode)
    {
        using var trainer = new Trainer(TinyPosts.Config(method, mode, _dir), TinyPosts.Experiment(), Device.Cpu);
        var r = trainer.Run();
        Assert.Equal(4, r.Curve.Count);
        Assert.All(r.Curve, m => Assert.True(double.IsFinite(m.LossC), $"{method}: loss C {m.LossC}"));
        Assert.NotNull(r.TestScoresAtBestValidation);
        Assert.Equal(RankingMetrics.Names, r.TestScoresAtBestValidation!.Keys);
        Assert.All(r.TestScoresAtBestValidation.Values, v => Assert.InRange(v, 0, 1));
        Assert.Equal(r.TestAccuracyAtBestValidation, r.TestScoresAtBestValidation["P@3"], 12);
        Assert.Equal(MethodTable.Of(method).HasTeacher, r.TeacherTestScores is not null);
        Assert.All(r.Curve.Where(m => m.Phase == "train"), m => Assert.Equal(RankingMetrics.Names, m.TestScores!.Keys));
    }

    [Fact]
    public void TheTeacherLearnsAndReadsTheText()
    {
        var cfg = TinyPosts.Config(Method.Distn, AdversarialMode.Gumbel, _dir);
        cfg.PretrainEpochs = 30;
        cfg.Epochs = 1;
        using var trainer = new Trainer(cfg, TinyPosts.Experiment(), Device.Cpu);
        var r = trainer.Run();
        // The text names every tag, so the teacher ranks them near perfectly; the features alone are noisy.
        Assert.True(r.TeacherTestScores!["MAP"] > 0.95, $"teacher MAP {r.TeacherTestScores["MAP"]:F3}");
    }

    [Fact]
    public void SplitsAreDisjointSeededAndTargetsAreTheTagDistribution()
    {
        var e = TinyPosts.Experiment();
        var a = e.Split(60, 40, 5);
        var b = e.Split(60, 40, 5);
        var lab = ((TagBatchSource)a.Labeled).Indices;
        var val = ((TagBatchSource)a.Validation).Indices;
        Assert.Empty(lab.Intersect(val));
        Assert.Equal(lab, ((TagBatchSource)b.Labeled).Indices);
        Assert.NotEqual(lab, ((TagBatchSource)e.Split(60, 40, 6).Labeled).Indices);
        Assert.Equal(60, ((TagBatchSource)a.Test).Count);
        Assert.Equal(a.Fingerprint, b.Fingerprint);

        using var batch = (TagBatch)new DataLoader<IExampleBatch>(a.Labeled, 60, 1, shuffle: false).Epoch(0).Single();
        var targets = batch.Targets.ToArray();
        int k = e.Tags.Count;
        for (int i = 0; i < batch.Count; i++)
        {
            var row = targets.AsSpan(i * k, k).ToArray();
            Assert.Equal(1f, row.Sum(), 5);
            Assert.All(batch.TagIds[i], t => Assert.Equal(1f / batch.TagIds[i].Length, row[t], 6));
            Assert.Contains(batch.Classes[i], batch.TagIds[i]); // one true tag, drawn
        }
        Assert.Equal(new Shape(60, 8 + 6), batch.Input(Role.Teacher).Shape); // features, then the word ids
        Assert.Equal(new Shape(60, 8), batch.Input(Role.Student).Shape);
    }

    [Fact]
    public void TheAuthorsProtocolAndOversizedSplitsAreRefusedNamingTheKey()
    {
        var e = TinyPosts.Experiment();
        Assert.Equal("protocol", Assert.Throws<ConfigException>(() => e.Split(60, 40, 1, lastLabeled: true)).Key);
        Assert.Equal("trainSize", Assert.Throws<ConfigException>(() => e.Split(230, 40, 1)).Key);
    }
}
