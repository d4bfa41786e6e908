using System.Globalization;
using System.Text.Json;
using KdGan.Autograd;
using KdGan.Models.Checkpoints;
using KdGan.Models.Kdgan;
using KdGan.Models.Nn;
using KdGan.Models.Optim;

namespace KdGan.Models.Training;

/// <summary>
/// A run's per-epoch checkpoint: every player's parameters, buffers and optimizer, the random streams' offsets, the pass counts,
/// the curve so far and the configuration, so a resumed run continues exactly as if it had never stopped.
/// </summary>
public static class RunCheckpoint
{
    public static Dictionary<string, Variable> Named(Module m) => m.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);

    /// <summary>The module's buffers by name (batch norm's running statistics; none in a network without batch norm).</summary>
    public static Dictionary<string, Tensors.Tensor> Buffers(Module m) => m.NamedBuffers().ToDictionary(b => b.Name, b => b.Buffer);

    /// <summary>Every player's buffers as <c>PLAYER.NAME</c>.</summary>
    private static Dictionary<string, Tensors.Tensor> Buffers(IEnumerable<Player> players) =>
        players.SelectMany(p => p.Net.NamedBuffers().Select(b => (Name: $"{p.Name}.{b.Name}", b.Buffer))).ToDictionary(b => b.Name, b => b.Buffer);

    public static void Save(string path, TrainingContext ctx, int epoch, IReadOnlyList<EpochMetrics> curve, double seconds)
    {
        var players = ctx.Players().ToList();
        var parameters = new Dictionary<string, Variable>();
        var optimizers = new Dictionary<string, Optimizer>();
        foreach (var player in players)
        {
            foreach (var (name, p) in player.Net.NamedParameters()) parameters[$"{player.Name}.{name}"] = p;
            optimizers[player.Name] = player.Optimizer;
        }
        var meta = new Dictionary<string, string>
        {
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["config"] = ctx.Config.ToJson(),
            ["rng"] = JsonSerializer.Serialize(players.ToDictionary(p => p.Name, p => new[] { p.Init.Offset, p.Dropout.Offset }).Append(new("sample", [ctx.Sample.Offset])).ToDictionary()),
            ["passes"] = JsonSerializer.Serialize(players.ToDictionary(p => p.Name, p => p.Passes)),
            ["curve"] = JsonSerializer.Serialize(curve),
            ["seconds"] = seconds.ToString("R", CultureInfo.InvariantCulture),
        };
        Checkpoint.Save(path, parameters, optimizers, meta, Buffers(players));
    }

    /// <summary>
    /// Restores everything from <paramref name="path"/>; returns the epoch it was taken after, the curve so far and the
    /// seconds the run had taken (older checkpoints lack them: the sum of the curve's epoch times stands in).
    /// A checkpoint of a run that trains otherwise (its effective configuration differs) is refused, naming the keys.
    /// </summary>
    public static (int Epoch, List<EpochMetrics> Curve, double Seconds) Load(string path, TrainingContext ctx)
    {
        using var ckpt = Checkpoint.Load(path, ctx.Device);
        var saved = Meta(path, ckpt, "config", ExperimentConfig.FromStoredJson);
        var differences = saved.Effective().Differences(ctx.Config.Effective());
        if (differences.Count > 0)
            throw new CheckpointFormatException(path, $"resume: written by a run with a different configuration ({string.Join(", ", differences)}); " +
                                                      "train into another folder, or delete the checkpoint to start over.");
        var players = ctx.Players().ToList();
        var parameters = new Dictionary<string, Variable>();
        foreach (var player in players)
            foreach (var (name, p) in player.Net.NamedParameters()) parameters[$"{player.Name}.{name}"] = p;
        ckpt.RestoreParameters(parameters);
        ckpt.RestoreBuffers(Buffers(players));
        var rng = Meta(path, ckpt, "rng", v => JsonSerializer.Deserialize<Dictionary<string, ulong[]>>(v) ?? throw new FormatException("it is null."));
        var passes = Meta(path, ckpt, "passes", v => JsonSerializer.Deserialize<Dictionary<string, int>>(v) ?? throw new FormatException("it is null."));
        var curve = Meta(path, ckpt, "curve", v => JsonSerializer.Deserialize<List<EpochMetrics>>(v) ?? throw new FormatException("it is null."));
        int epoch = Meta(path, ckpt, "epoch", v => int.Parse(v, CultureInfo.InvariantCulture));
        // The metadata is checked against the run before use: an epoch outside the run would skip or repeat epochs.
        if (epoch < 0 || epoch > ctx.Config.Epochs)
            throw new CheckpointFormatException(path, $"metadata 'epoch' is {epoch}, outside this run's 0..{ctx.Config.Epochs}.");
        if (passes.Values.Any(p => p < 0))
            throw new CheckpointFormatException(path, $"metadata 'passes' holds a negative count ({string.Join(", ", passes.Select(kv => $"{kv.Key} {kv.Value}"))}).");
        int expectedCurve = ctx.Config.PretrainCurveRows + epoch;
        if (curve.Count != expectedCurve)
            throw new CheckpointFormatException(path, $"metadata 'curve' has {curve.Count} epochs, expected {expectedCurve} ({ctx.Config.PretrainCurveRows} of pretraining and {epoch} main epochs).");
        foreach (var name in players.Select(p => p.Name).Append("sample"))
            if (!rng.TryGetValue(name, out var offsets) || offsets.Length != (name == "sample" ? 1 : 2) || (name != "sample" && !passes.ContainsKey(name)))
                throw new CheckpointFormatException(path, $"metadata 'rng' / 'passes' lack the state of '{name}'.");
        foreach (var player in players)
        {
            ckpt.RestoreOptimizer(player.Name, player.Optimizer);
            player.Init.Seek(rng[player.Name][0]);
            player.Dropout.Seek(rng[player.Name][1]);
            player.Passes = passes[player.Name];
        }
        ctx.Sample.Seek(rng["sample"][0]);
        double seconds = ckpt.Metadata.ContainsKey("seconds")
            ? Meta(path, ckpt, "seconds", v => double.Parse(v, CultureInfo.InvariantCulture))
            : curve.Sum(m => m.Seconds);
        return (epoch, curve, seconds);
    }

    /// <summary>Metadata entry <paramref name="key"/> parsed, or a <see cref="CheckpointFormatException"/> naming the file and the entry.</summary>
    public static T Meta<T>(string path, Checkpoint ckpt, string key, Func<string, T> parse)
    {
        if (!ckpt.Metadata.TryGetValue(key, out var value))
            throw new CheckpointFormatException(path, $"metadata '{key}' is missing: not a checkpoint of this trainer, or written by an older version.");
        try { return parse(value); }
        catch (Exception e) when (e is FormatException or OverflowException or JsonException or ArgumentException)
        {
            throw new CheckpointFormatException(path, $"metadata '{key}' is not valid: {e.Message}");
        }
    }
}
