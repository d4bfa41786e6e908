using System.Text.Json;
using KdGan.Models.Training;

namespace KdGan.Models.Kdgan;

public sealed partial class ExperimentConfig
{
    /// <summary>
    /// This configuration with every key its method does not read (<see cref="MethodSpec.KeysRead"/>) and every
    /// <see cref="MethodTable.Placement"/> key put back to its default, auto augmentation resolved, and the game's learning
    /// rates resolved (<see cref="AdversarialLearningRate"/>), so that a rate given explicitly equals the same rate reached
    /// by default. Two runs whose effective configurations are equal train alike (bit for bit on one device): `kdgan
    /// reproduce` reuses a finished run and a resumed run continues one on this test.
    /// </summary>
    public ExperimentConfig Effective()
    {
        var e = Clone();
        var defaults = new ExperimentConfig();
        var spec = Spec;
        var read = spec.KeysRead(this).ToHashSet();
        foreach (var p in typeof(ExperimentConfig).GetProperties().Where(p => p.CanWrite))
            if (!read.Contains(JsonNamingPolicy.CamelCase.ConvertName(p.Name))) p.SetValue(e, p.GetValue(defaults));
        e.Augment = EffectiveAugment;
        if (spec.Game)
        {
            (e.CGanLearningRate, e.DGanLearningRate) = (AdversarialLearningRate(Role.Student), AdversarialLearningRate(Role.Discriminator));
            if (spec.HasTeacher) e.GanLearningRate = AdversarialLearningRate(Role.Teacher);
        }
        return e;
    }
}
