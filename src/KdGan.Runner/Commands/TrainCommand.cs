using System.CommandLine;
using System.Text.Json;
using KdGan.Models.Data;
using KdGan.Models.Experiments;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using KdGan.Runner.Cli;
using KdGan.Tensors;

namespace KdGan.Runner.Commands;

/// <summary>
/// <c>kdgan train</c>: one run of KDGAN or a baseline. Every configuration key is an option (<see cref="ConfigOptions"/>)
/// or comes from a JSON file (<c>--config</c>); options override the file. Bad options and sizes the data cannot fill fail
/// with exit code 2, missing data with 3, before any work starts (<see cref="ExitCodes"/>).
/// </summary>
public static class TrainCommand
{
    /// <summary>The options of <c>kdgan train</c> beyond the configuration table.</summary>
    public sealed record Own(Option<string> Config, Option<bool> Resume);

    public static Command Build(TextWriter o, TextWriter err)
    {
        var cmd = new Command("train", "Train KDGAN or a baseline once; writes DIR/<run>/metrics.jsonl (a line per epoch), " +
                                       "checkpoint.safetensors, result.json and config.json.");
        var own = AddOwn(cmd);
        var bound = ConfigOptions.AddTo(cmd, []);
        cmd.SetAction(parsed => Run(parsed, own, bound, o, err));
        return cmd;
    }

    private static Own AddOwn(Command cmd)
    {
        var own = new Own(
            new Option<string>("--config") { HelpName = "FILE.json", Description = "read the configuration from a JSON file (its keys as config.json spells them); options given here override it" },
            new Option<bool>("--resume") { Description = "continue the run from its checkpoint (refused when the checkpoint's configuration trains otherwise)" });
        cmd.Options.Add(own.Config);
        cmd.Options.Add(own.Resume);
        return own;
    }

    /// <summary>The configuration and --resume of a `train` command line (for tests and tools); usage errors throw.</summary>
    public static (ExperimentConfig Config, bool Resume) Parse(IReadOnlyList<string> args)
    {
        var cmd = new Command("train");
        var own = AddOwn(cmd);
        var bound = ConfigOptions.AddTo(cmd, []);
        var parsed = cmd.Parse(CliApp.NormalizeNames(args).ToArray());
        if (parsed.Errors.Count > 0) throw new UsageException($"train: {parsed.Errors[0].Message}");
        return (Configure(parsed, own.Config, bound, new ExperimentConfig()), parsed.GetValue(own.Resume));
    }

    /// <summary>The largest configuration file read (a configuration is a few hundred bytes).</summary>
    public const long MaxConfigBytes = 1 << 20;

    /// <summary>The configuration: <paramref name="defaults"/> or the --config file, then the options given; validated.</summary>
    public static ExperimentConfig Configure(ParseResult parsed, Option<string> configFile, BoundOptions bound, ExperimentConfig defaults)
    {
        var cfg = defaults.Clone();
        var given = new HashSet<string>(bound.GivenKeys(parsed));
        string? path = parsed.GetResult(configFile) is null ? null : parsed.GetValue(configFile);
        if (path is not null)
        {
            string command = parsed.CommandResult.Command.Name;
            byte[] bytes;
            try { bytes = InputFile.ReadAllBytes(path, "configuration file", MaxConfigBytes, (f, problem) => new UsageException($"{command}: config file '{f}' {problem}")); }
            catch (FileNotFoundException) { throw new UsageException($"{command}: config file '{path}' does not exist."); }
            string text;
            try { text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
            catch (System.Text.DecoderFallbackException) { throw new UsageException($"{command}: config file '{path}' is not UTF-8 text."); }
            try { cfg = ExperimentConfig.FromJson(text); }
            catch (ConfigException e) { throw bound.Error(e, path); }
            given.UnionWith(ExperimentConfig.KeysIn(text));
        }
        bound.Apply(parsed, cfg);
        cfg.ApplyPresets(given);
        Validate(cfg, bound);
        return cfg;
    }

    /// <summary>
    /// <see cref="ExperimentConfig.Validate"/>, and the folders the run writes can exist (no part of their paths is a
    /// file); a problem is a usage error naming the option.
    /// </summary>
    public static void Validate(ExperimentConfig cfg, BoundOptions bound)
    {
        try
        {
            cfg.Validate();
            RequireFolder("outDir", cfg.OutDir);
            if (cfg.CacheDir.Length > 0) RequireFolder("cacheDir", cfg.CacheDir);
        }
        catch (ConfigException e) { throw bound.Error(e); }
    }

    private static void RequireFolder(string key, string dir)
    {
        for (var d = new DirectoryInfo(Path.GetFullPath(dir)); d is not null; d = d.Parent)
            if (File.Exists(d.FullName)) throw new ConfigException(key, $"cannot be a folder: {d.FullName} is a file, got '{dir}'.");
    }

    /// <summary>
    /// The device for training, with the reason for the pick printed: cpu; cuda (fails clearly without a usable GPU);
    /// auto (the GPU when it can train, else the CPU). The configuration then names the device it picked, so a run made
    /// with auto on a CPU machine is the run made with cpu there.
    /// </summary>
    public static Device SelectDevice(ExperimentConfig cfg, BoundOptions bound, TextWriter o)
    {
        DeviceChoice choice;
        try { choice = Devices.Select(cfg.Device); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException) // GpuUnavailableException included
        {
            throw new UsageException($"{bound.Command}: {bound.FlagOf("device")} {cfg.Device}: {e.Message}");
        }
        o.WriteLine($"device: {choice}");
        cfg.Device = choice.Device.Name;
        return choice.Device;
    }

    /// <summary>Loads the experiment's data (a <see cref="DataNotFoundException"/> says how to get it: exit code 3).</summary>
    public static IExperiment LoadExperiment(ExperimentConfig cfg) => ExperimentCatalog.Find(cfg.Experiment)!.Load(cfg); // validated

    /// <summary>The run's trainer; splits the data cannot give are a usage error naming the option.</summary>
    public static Trainer CreateTrainer(ExperimentConfig cfg, IExperiment experiment, Device device, BoundOptions bound)
    {
        try { return new Trainer(cfg, experiment, device); }
        catch (ConfigException e) { throw bound.Error(e); }
    }

    private static int Run(ParseResult parsed, Own own, BoundOptions bound, TextWriter o, TextWriter err)
    {
        var cfg = Configure(parsed, own.Config, bound, new ExperimentConfig());
        var device = SelectDevice(cfg, bound, o);
        var experiment = LoadExperiment(cfg);
        using var trainer = CreateTrainer(cfg, experiment, device, bound);
        o.WriteLine($"config: the defaults but{string.Concat(new ExperimentConfig().Differences(cfg).Select(d => "\n  " + d))}\n  (all of it: {Path.Combine(trainer.RunDirectory, "config.json")})");
        if (cfg.Spec.Game)
            o.WriteLine($"game learning rates: C {cfg.AdversarialLearningRate(Role.Student)}, " +
                        (cfg.Spec.HasTeacher ? $"T {cfg.AdversarialLearningRate(Role.Teacher)}, " : "") + $"D {cfg.AdversarialLearningRate(Role.Discriminator)}");
        o.WriteLine($"data: {experiment.Description}; this run: {trainer.DataDescription}");
        string again = "kdgan " + string.Join(' ', parsed.Tokens.Select(t => Quote(t.Value))) + (parsed.GetValue(own.Resume) ? "" : " --resume");
        var result = RunOne(trainer, parsed.GetValue(own.Resume), o, err, again);
        if (result is null) return ExitCodes.Interrupted;
        string metric = experiment.Metric.Name;
        o.WriteLine($"result: {result.Method} ({result.Mode}) n={cfg.TrainSize} seed={cfg.Seed}: final test {metric} {result.FinalTestAccuracy:P2}, " +
                    $"best validation {RunSelections.Percent(result.BestValidationAccuracy)} at epoch {result.BestEpoch} -> test {result.TestAccuracyAtBestValidation:P2}" +
                    (result.TeacherTestAccuracy is { } t ? $"; teacher {t:P2}" : "") + $" ({result.Seconds:F0} s)");
        if (result.TestScoresAtBestValidation is { } scores)
            o.WriteLine("test scores at best validation: " + string.Join(", ", scores.Select(kv => $"{kv.Key} {kv.Value:F4}")) +
                        (result.TeacherTestScores is { } ts ? "; teacher: " + string.Join(", ", ts.Select(kv => $"{kv.Key} {kv.Value:F4}")) : ""));
        return 0;
    }

    private static string Quote(string token) => token.Length > 0 && token.All(c => char.IsLetterOrDigit(c) || "-_=.,/:@+".Contains(c)) ? token : $"'{token.Replace("'", "'\\''")}'";

    /// <summary>
    /// Trains with progress on <paramref name="o"/>; writes result.json and the configuration that produced it
    /// (config.json) in the run folder. Returns null when interrupted (Ctrl+C, SIGTERM), after saying on
    /// <paramref name="err"/> where the run stopped and the command (<paramref name="again"/>) that resumes it.
    /// </summary>
    public static RunResult? RunOne(Trainer trainer, bool resume, TextWriter o, TextWriter err, string again, string? label = null)
    {
        var cfg = trainer.Config;
        using var interrupts = new Interrupts(err);
        try
        {
            var result = RunDisplay.Show(trainer, label ?? $"[{Names.Of(cfg.Method)} {Names.Of(cfg.Mode)} n={cfg.TrainSize} s={cfg.Seed}]", o,
                () => trainer.Run(resume, interrupts.Token));
            File.WriteAllText(Path.Combine(trainer.RunDirectory, "result.json"), JsonSerializer.Serialize(result with { Curve = [] }));
            File.WriteAllText(Path.Combine(trainer.RunDirectory, "config.json"), cfg.ToJson());
            return result;
        }
        catch (OperationCanceledException) when (interrupts.Requested)
        {
            string kept = trainer.LastCheckpointEpoch is int e and >= 0
                ? $"its checkpoint after epoch {e} is kept ({trainer.CheckpointPath})"
                : "it had no checkpoint yet (resuming starts it over)";
            err.WriteLine($"kdgan: interrupted in {trainer.Position}; {kept}; resume with: {again}");
            return null;
        }
    }
}
