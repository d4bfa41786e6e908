using KdGan.Autograd;
using System.Diagnostics;
using System.Globalization;
using KdGan.Models.Checkpoints;
using KdGan.Models.Kdgan;

namespace KdGan.Models.Training;

/// <summary>
/// Pretraining of T and D as ordinary classifiers on the labelled data, shared between the runs that would train them
/// alike: same experiment, data (a fingerprint of the examples), seed, sizes, batch size, epochs, learning rate, dropout
/// and augmentation. The
/// network, its optimizer, its pass count and its dropout stream are stored, so a run that loads them continues exactly
/// as the run that trained them did.
/// </summary>
public sealed class PretrainCache(ExperimentConfig cfg, Action<string>? log)
{
    /// <summary>Trains <paramref name="player"/> for pretrainEpochs on its cross-entropy, or loads it from the cache.</summary>
    public void Pretrain(TrainingContext ctx, Player player, CancellationToken cancel)
    {
        string? cache = PathOf(player.Name, ctx.Data.Fingerprint);
        if (cache is not null && File.Exists(cache))
        {
            using var ckpt = Checkpoint.Load(cache, ctx.Device);
            ckpt.RestoreParameters(RunCheckpoint.Named(player.Net));
            ckpt.RestoreOptimizer("opt", player.Optimizer);
            player.Passes = RunCheckpoint.Meta(cache, ckpt, "passes", v => int.Parse(v, CultureInfo.InvariantCulture));
            player.Dropout.Seek(RunCheckpoint.Meta(cache, ckpt, "dropout", v => ulong.Parse(v, CultureInfo.InvariantCulture)));
            log?.Invoke($"pretrained {player.Name.ToUpperInvariant()} loaded from {cache}");
            ctx.Progress?.Skip($"pretrain {player.Name.ToUpperInvariant()}");
            return;
        }
        var sw = Stopwatch.StartNew();
        double loss = 0;
        for (int e = 0; e < cfg.PretrainEpochs; e++)
        {
            cancel.ThrowIfCancellationRequested();
            (ctx.Position.Phase, ctx.Position.Epoch) = ($"pretraining of {player.Name.ToUpperInvariant()}", e + 1);
            loss = TrainingStep.Pass(ctx.Pretraining, player, b => Functional.CrossEntropy(TrainingStep.Logits(player, b), b.Classes), ctx);
        }
        double score = ctx.Experiment.Metric.Evaluate(player.Net, player.Role, ctx.Data.Validation, ctx.Device);
        log?.Invoke($"pretrained {player.Name.ToUpperInvariant()}: {cfg.PretrainEpochs} epochs, loss {loss:F4}, validation {ctx.Experiment.Metric.Name} {score:P2} ({sw.Elapsed.TotalSeconds:F1} s)");
        if (cache is not null)
            Checkpoint.Save(cache, RunCheckpoint.Named(player.Net), new Dictionary<string, Optim.Optimizer> { ["opt"] = player.Optimizer },
                new Dictionary<string, string>
                {
                    ["passes"] = player.Passes.ToString(CultureInfo.InvariantCulture),
                    ["dropout"] = player.Dropout.Offset.ToString(CultureInfo.InvariantCulture),
                });
    }

    /// <summary>
    /// The cache file of player <paramref name="name"/>, keyed by everything that shapes it: the data (the fingerprint of
    /// the labelled and validation examples actually loaded, not where they came from) and the options; null without a
    /// cache folder.
    /// </summary>
    private string? PathOf(string name, string fingerprint)
    {
        if (string.IsNullOrEmpty(cfg.CacheDir)) return null;
        Directory.CreateDirectory(cfg.CacheDir);
        string key = $"{cfg.Experiment}-{fingerprint}" +
                     $"-n{cfg.TrainSize}-v{cfg.ValidationSize}-s{cfg.Seed}-b{cfg.EffectiveBatchSize}-e{cfg.PretrainEpochs}" +
                     $"-lr{cfg.LearningRate.ToString("R", CultureInfo.InvariantCulture)}-p{cfg.TeacherDropout.ToString("R", CultureInfo.InvariantCulture)}" +
                     (cfg.AugmentPretraining ? "-aug" : "");
        return Path.Combine(cfg.CacheDir, $"{key}-{name}.safetensors");
    }
}
