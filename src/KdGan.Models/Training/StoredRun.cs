using KdGan.Models.Checkpoints;
using KdGan.Models.Kdgan;
using KdGan.Models.Nn;
using KdGan.Tensors;

namespace KdGan.Models.Training;

/// <summary>
/// A finished or stopped run read back from its checkpoint: the configuration it was trained with, and any player's
/// network rebuilt and loaded (for `kdgan eval` and `kdgan export`).
/// </summary>
public sealed class StoredRun : IDisposable
{
    private readonly Checkpoint _checkpoint;

    private StoredRun(string path, Checkpoint checkpoint, ExperimentConfig config, int epoch)
    {
        CheckpointPath = path;
        _checkpoint = checkpoint;
        Config = config;
        Epoch = epoch;
    }

    public string CheckpointPath { get; }
    public ExperimentConfig Config { get; }

    /// <summary>The epoch the checkpoint was written after (0: after pretraining).</summary>
    public int Epoch { get; }

    /// <summary>Opens a run folder (its checkpoint.safetensors) or a checkpoint file.</summary>
    public static StoredRun Open(string runOrCheckpoint, Device device)
    {
        string path = Directory.Exists(runOrCheckpoint) ? Path.Combine(runOrCheckpoint, "checkpoint.safetensors") : runOrCheckpoint;
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} does not exist: give a run folder (it holds checkpoint.safetensors) or a checkpoint file.", path);
        var ckpt = Checkpoint.Load(path, device);
        try
        {
            var cfg = RunCheckpoint.Meta(path, ckpt, "config", ExperimentConfig.FromStoredJson);
            int epoch = RunCheckpoint.Meta(path, ckpt, "epoch", v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture));
            return new StoredRun(path, ckpt, cfg, epoch);
        }
        catch
        {
            ckpt.Dispose();
            throw;
        }
    }

    /// <summary>The parameters of <paramref name="role"/> under their network's names ("1.weight": PyTorch's state-dict names).</summary>
    public IReadOnlyDictionary<string, Tensor> Parameters(Role role)
    {
        string prefix = $"model.{role.Key()}.";
        var found = _checkpoint.Tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
        if (found.Count == 0)
            throw new CheckpointFormatException(CheckpointPath, $"holds no network of {role} ({role.Key().ToUpperInvariant()}): {Names.Of(Config.Method)} has " +
                                                               $"{(Config.Spec.HasTeacher ? "a teacher" : "no teacher")} and {(Config.Spec.HasDiscriminator ? "a discriminator" : "no discriminator")}.");
        return found;
    }

    /// <summary>The network of <paramref name="role"/> as the experiment builds it, with the checkpoint's weights.</summary>
    public Sequential Network(Experiments.IExperiment experiment, Role role, Device device)
    {
        var saved = Parameters(role);
        var player = new Player(role, (ulong)Config.Seed, (i, d) => experiment.Network(role, Config, i, d, device), Config.LearningRate);
        player.Optimizer.Dispose();
        foreach (var (name, p) in player.Net.NamedParameters())
        {
            if (!saved.TryGetValue(name, out var t))
                throw new CheckpointFormatException(CheckpointPath, $"{role} parameter '{name}' is missing.");
            if (t.Shape != p.Shape)
                throw new CheckpointFormatException(CheckpointPath, $"{role} parameter '{name}' has shape {t.Shape} in the checkpoint but {p.Shape} in the network.");
            p.Data.CopyFrom(t);
        }
        return player.Net;
    }

    public void Dispose() => _checkpoint.Dispose();
}
