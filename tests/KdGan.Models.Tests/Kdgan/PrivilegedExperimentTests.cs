using KdGan.Models.Experiments;
using KdGan.Models.Experiments.Privileged;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Kdgan;

/// <summary>
/// The experiment interface is general: the trainer runs every method on synthetic vectors where only T sees a
/// privileged feature, and nothing in it knows of images.
/// </summary>
public sealed class PrivilegedExperimentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-toy-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ExperimentConfig Config(Method method, AdversarialMode mode = AdversarialMode.Gumbel) => new()
    {
        Experiment = "toy-privileged", Method = method, Mode = mode, TrainSize = 200, ValidationSize = 200, Seed = 2, BatchSize = 20,
        PretrainEpochs = 8, Epochs = 2, LearningRate = 3e-3f, DNegatives = 2, RewardSamples = 2, OutDir = _dir, CacheDir = "",
        StudentDropout = 0, TeacherDropout = 0,
    };

    [Fact]
    public void TheCatalogListsItAndOnlyTheTeacherSeesThePrivilegedFeature()
    {
        var experiment = ExperimentCatalog.Find("TOY-Privileged")!.Load(new ExperimentConfig());
        Assert.Equal("toy-privileged", experiment.Entry.Name);
        var data = experiment.Split(100, 100, 1);
        var loader = new KdGan.Models.Data.DataLoader<KdGan.Models.Data.IExampleBatch>(data.Labeled, 10, 1, device: Device.Cpu);
        using var batch = loader.Epoch(0).First();
        Assert.Equal([10, PrivilegedToy.Features], batch.Input(Role.Student).Shape.ToArray());
        Assert.Equal([10, PrivilegedToy.Features], batch.Input(Role.Discriminator).Shape.ToArray());
        Assert.Equal([10, PrivilegedToy.Features + 1], batch.Input(Role.Teacher).Shape.ToArray());
        var student = batch.Input(Role.Student).ToArray();
        var teacher = batch.Input(Role.Teacher).ToArray();
        for (int i = 0; i < 10; i++) // T's input is C's with the privileged feature appended
            Assert.Equal(student.AsSpan(i * PrivilegedToy.Features, PrivilegedToy.Features).ToArray(),
                         teacher.AsSpan(i * (PrivilegedToy.Features + 1), PrivilegedToy.Features).ToArray());
    }

    [Theory]
    [InlineData(Method.Student, AdversarialMode.Gumbel)]
    [InlineData(Method.Mimic, AdversarialMode.Gumbel)]
    [InlineData(Method.Distn, AdversarialMode.Gumbel)]
    [InlineData(Method.Noisy, AdversarialMode.Gumbel)]
    [InlineData(Method.Codis, AdversarialMode.Gumbel)]
    [InlineData(Method.Nagan, AdversarialMode.Gumbel)]
    [InlineData(Method.Kdgan, AdversarialMode.Gumbel)]
    [InlineData(Method.Kdgan, AdversarialMode.Reward)]
    public void EveryMethodTrainsOnIt(Method method, AdversarialMode mode)
    {
        using var trainer = new Trainer(Config(method, mode), PrivilegedToy.Create(), Device.Cpu);
        var result = trainer.Run();
        Assert.Equal(10, result.Curve.Count);
        Assert.All(result.Curve, m => Assert.True(double.IsFinite(m.LossC)));
        Assert.InRange(result.FinalTestAccuracy, 0.15, 1); // above chance (0.1) after a few hundred steps
    }

    [Fact]
    public void TheTeacherWithThePrivilegedFeatureBeatsTheStudentWithout()
    {
        using var trainer = new Trainer(Config(Method.Mimic), PrivilegedToy.Create(), Device.Cpu);
        var result = trainer.Run();
        Assert.True(result.TeacherTestAccuracy > result.FinalTestAccuracy + 0.1,
            $"teacher {result.TeacherTestAccuracy:P1} vs student {result.FinalTestAccuracy:P1}: the privileged feature should be worth much");
    }
}
