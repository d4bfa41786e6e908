using KdGan.Models.Kdgan;

namespace KdGan.Models.Training;

/// <summary>One phase of a run as the progress display shows it: a player's steps in pretraining or in one main epoch.</summary>
/// <param name="Label">"pretrain T", "pretrain C", "epoch 3 D".</param>
/// <param name="Epoch">The main epoch it belongs to; 0 for pretraining.</param>
/// <param name="Role">The player whose steps these are (CODIS: C, whose step also trains T).</param>
/// <param name="Steps">Training steps (batches) in the phase.</param>
public sealed record PlannedPhase(string Label, int Epoch, Role Role, int Steps)
{
    /// <summary>Part of the main epochs (else pretraining).</summary>
    public bool Main => Epoch > 0;
}

/// <summary>Every phase a run will go through, in order, with its number of steps: what an ETA is computed over.</summary>
public static class RunPlan
{
    public static IReadOnlyList<PlannedPhase> Of(ExperimentConfig cfg, int batchesPerEpoch)
    {
        var spec = cfg.Spec;
        var phases = new List<PlannedPhase>();
        int pre = cfg.PretrainEpochs * batchesPerEpoch;
        foreach (var role in spec.PretrainedClassifiers) phases.Add(new($"pretrain {role.Key().ToUpperInvariant()}", 0, role, pre));
        if (cfg.PretrainEpochs > 0) phases.Add(new("pretrain C", 0, Role.Student, pre));
        for (int e = 1; e <= cfg.Epochs; e++)
        {
            if (!spec.Game)
            {
                phases.Add(new($"epoch {e}", e, Role.Student, batchesPerEpoch));
                continue;
            }
            phases.Add(new($"epoch {e} D", e, Role.Discriminator, cfg.DPasses * batchesPerEpoch));
            if (spec.HasTeacher) phases.Add(new($"epoch {e} T", e, Role.Teacher, cfg.TPasses * batchesPerEpoch));
            phases.Add(new($"epoch {e} C", e, Role.Student, cfg.CPasses * batchesPerEpoch));
        }
        return phases;
    }
}
