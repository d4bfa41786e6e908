using KdGan.Autograd;
using System.Diagnostics;
using System.Globalization;
using KdGan.Models.Checkpoints;
using KdGan.Models.Kdgan;

namespace KdGan.Models.Training;

/// <summary>
/// Pretraining of T and D (and, under the authors' protocol, C) as ordinary classifiers on the labelled data, shared
/// between the runs that would train them alike: same experiment, data (a fingerprint of the examples), seed, sizes,
/// batch size, epochs, learning rate, dropout, augmentation, weight decay and protocol. Under the authors' protocol every
/// epoch is scored on the test set and the best-test state is kept (the later on a tie), as their pretraining scripts
/// save it; C's loss is then CE / B (their gen_model.py). The
/// network, its optimizer, its pass count and its dropout stream are stored, so a run that loads them continues exactly
/// as the run that trained them did.
/// </summary>
public sealed class PretrainCache(ExperimentConfig cfg, Action<string>? log)
{
    /// <summary>Trains <paramref name="player"/> for pretrainEpochs on its cross-entropy, or loads it from the cache; returns
    /// the last epoch's mean loss (NaN from a cache file older than that record).</summary>
    public double Pretrain(TrainingContext ctx, Player player, CancellationToken cancel)
    {
        string? cache = PathOf(player, ctx.Data.Fingerprint);
        if (cache is not null && File.Exists(cache))
        {
            using var ckpt = Checkpoint.Load(cache, ctx.Device);
            ckpt.RestoreParameters(RunCheckpoint.Named(player.Net));
            ckpt.RestoreBuffers(RunCheckpoint.Buffers(player.Net));
            ckpt.RestoreOptimizer("opt", player.Optimizer);
            player.Passes = RunCheckpoint.Meta(cache, ckpt, "passes", v => int.Parse(v, CultureInfo.InvariantCulture));
            player.Dropout.Seek(RunCheckpoint.Meta(cache, ckpt, "dropout", v => ulong.Parse(v, CultureInfo.InvariantCulture)));
            log?.Invoke($"pretrained {player.Name.ToUpperInvariant()} loaded from {cache}");
            ctx.Progress?.Skip($"pretrain {player.Name.ToUpperInvariant()}");
            return ckpt.Metadata.TryGetValue("loss", out var stored) && double.TryParse(stored, CultureInfo.InvariantCulture, out double l) ? l : double.NaN;
        }
        var sw = Stopwatch.StartNew();
        double loss = 0;
        bool bestTest = cfg.Protocol == Protocol.Authors;
        float scale = bestTest && player.Role == Role.Student ? 1f / cfg.EffectiveBatchSize : 1f;
        Dictionary<string, Tensors.Tensor>? kept = null;
        double keptScore = double.NegativeInfinity;
        int keptEpoch = 0;
        for (int e = 0; e < cfg.PretrainEpochs; e++)
        {
            cancel.ThrowIfCancellationRequested();
            (ctx.Position.Phase, ctx.Position.Epoch) = ($"pretraining of {player.Name.ToUpperInvariant()}", e + 1);
            loss = TrainingStep.Pass(ctx.Pretraining, player, b =>
            {
                var ce = TrainingStep.Supervised(TrainingStep.Logits(player, b), b);
                return WeightDecay.Add(scale == 1f ? ce : ce * scale, ctx, player, inGame: false);
            }, ctx);
            if (!bestTest) continue;
            double test = ctx.Experiment.Metric.Evaluate(player.Net, player.Role, ctx.Data.Test, ctx.Device);
            if (test < keptScore) continue;
            foreach (var t in kept?.Values.ToList() ?? []) t.Dispose();
            kept = player.Net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
            (keptScore, keptEpoch) = (test, e + 1);
        }
        string selection = "";
        if (kept is not null)
        {
            player.Net.LoadStateDict(kept);
            foreach (var t in kept.Values) t.Dispose();
            selection = $", best test {ctx.Experiment.Metric.Name} {keptScore:P2} at epoch {keptEpoch} kept (test selection, as the authors' scripts)";
        }
        string score = ctx.Data.Validation.Count == 0 ? "n/a (no validation split)"
            : RunSelections.Percent(ctx.Experiment.Metric.Evaluate(player.Net, player.Role, ctx.Data.Validation, ctx.Device));
        log?.Invoke($"pretrained {player.Name.ToUpperInvariant()}: {cfg.PretrainEpochs} epochs, loss {loss:F4}{selection}, validation {ctx.Experiment.Metric.Name} {score} ({sw.Elapsed.TotalSeconds:F1} s)");
        if (cache is not null)
            Checkpoint.Save(cache, RunCheckpoint.Named(player.Net), new Dictionary<string, Optim.Optimizer> { ["opt"] = player.Optimizer },
                new Dictionary<string, string>
                {
                    ["passes"] = player.Passes.ToString(CultureInfo.InvariantCulture),
                    ["dropout"] = player.Dropout.Offset.ToString(CultureInfo.InvariantCulture),
                    ["loss"] = loss.ToString("R", CultureInfo.InvariantCulture),
                }, RunCheckpoint.Buffers(player.Net));
        return loss;
    }

    private float Dropout(Player player) => player.Role == Role.Student ? cfg.StudentDropout : cfg.TeacherDropout;

    /// <summary>
    /// The cache file of player <paramref name="name"/>, keyed by everything that shapes it: the data (the fingerprint of
    /// the labelled and validation examples actually loaded, not where they came from) and the options; null without a
    /// cache folder.
    /// </summary>
    private string? PathOf(Player player, string fingerprint)
    {
        if (string.IsNullOrEmpty(cfg.CacheDir)) return null;
        Directory.CreateDirectory(cfg.CacheDir);
        string key = $"{cfg.Experiment}-{fingerprint}" +
                     $"-n{cfg.TrainSize}-v{cfg.ValidationSize}-s{cfg.Seed}-b{cfg.EffectiveBatchSize}-e{cfg.PretrainEpochs}" +
                     $"-lr{cfg.LearningRate.ToString("R", CultureInfo.InvariantCulture)}-p{Dropout(player).ToString("R", CultureInfo.InvariantCulture)}" +
                     (cfg.AugmentPretraining ? "-aug" : "") +
                     (cfg.WeightDecay > 0 ? $"-wd{cfg.WeightDecay.ToString("R", CultureInfo.InvariantCulture)}" : "") +
                     (cfg.Protocol == Protocol.Fair ? "" : $"-{Names.Of(cfg.Protocol)}") +
                     (player.Role == Role.Teacher && cfg.TeacherText != default ? $"-text{Names.Of(cfg.TeacherText)}" : "");
        return Path.Combine(cfg.CacheDir, $"{key}-{player.Name}.safetensors");
    }
}
