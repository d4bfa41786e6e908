using System.Globalization;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using KdGan.Runner.Cli;
using KdGan.Runner.Commands;

namespace KdGan.Runner.Sweeps;

/// <summary>Where a cell stands.</summary>
public enum CellState
{
    /// <summary>result.json and the curve are in its run folder.</summary>
    Finished,
    /// <summary>A live kdgan holds its run folder's lock.</summary>
    Running,
    /// <summary>Stopped by a signal or killed, with or without a checkpoint: running it again resumes it.</summary>
    Interrupted,
    /// <summary>kdgan exited with an error; its log says why.</summary>
    Failed,
    /// <summary>Nothing ran yet.</summary>
    NotStarted,
}

/// <summary>A cell's state, read from its folder (<see cref="SweepFolder"/>): its result when finished, else what is known and its log.</summary>
public sealed record CellStatus(SweepCell Cell, CellState State, RunResult? Result, string Detail, string? Log)
{
    /// <summary>"finished", "not started".</summary>
    public static string Name(CellState state) => state == CellState.NotStarted ? "not started" : state.ToString().ToLowerInvariant();

    /// <summary>"2 finished, 1 failed": the count of each state present, in the enum's order.</summary>
    public static string Counts(IEnumerable<CellStatus> statuses) =>
        string.Join(", ", statuses.GroupBy(x => x.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Name(g.Key)}"));

    public static CellStatus Of(SweepFolder folder, SweepCell cell)
    {
        string configPath = folder.ConfigPath(cell.Id), log = folder.LogPath(cell.Id);
        string? logIfAny = File.Exists(log) ? log : null;
        if (!File.Exists(configPath)) return new CellStatus(cell, CellState.NotStarted, null, "", logIfAny);
        ExperimentConfig cfg;
        try { cfg = ExperimentConfig.FromStoredJson(File.ReadAllText(configPath)); }
        catch (Exception e) when (e is IOException or ConfigException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            return new CellStatus(cell, CellState.Failed, null, $"its configuration {configPath} cannot be read ({e.Message})", logIfAny);
        }
        string run = Path.Combine(folder.CellDir(cell.Id), cfg.RunName);
        try
        {
            if (FinishedRun.TryLoad(run, cfg, out var result)) return new CellStatus(cell, CellState.Finished, result, "", logIfAny);
        }
        catch (Exception e) when (e is UsageException or IOException or System.Text.Json.JsonException)
        {
            return new CellStatus(cell, CellState.Failed, null, e.Message, logIfAny);
        }
        if (RunLock.Holder(run) is { } who) return new CellStatus(cell, CellState.Running, null, $"held by {who}{Progress(run)}", logIfAny);
        int? exit = ExitCode(folder.ExitCodePath(cell.Id));
        if (exit is ExitCodes.Interrupted or 137 or 143 || (exit is null && logIfAny is not null)) // 137, 143: SIGKILL, SIGTERM
            return new CellStatus(cell, CellState.Interrupted, null, $"stopped{Progress(run)}", logIfAny);
        if (exit is { } code and not 0)
            return new CellStatus(cell, CellState.Failed, null, $"exit code {code}: {LastLine(log)}", logIfAny);
        if (exit is 0) return new CellStatus(cell, CellState.Failed, null, $"exit code 0 but no result.json in {run}", logIfAny);
        return new CellStatus(cell, CellState.NotStarted, null, "", null);
    }

    /// <summary>", after epoch 7 (checkpoint)" when the run has a curve; "" otherwise.</summary>
    private static string Progress(string run)
    {
        string metrics = Path.Combine(run, "metrics.jsonl");
        if (!File.Exists(metrics)) return "";
        int epochs = File.ReadLines(metrics).Count(l => l.Length > 0);
        return epochs == 0 ? "" : $", {epochs} evaluations recorded";
    }

    private static int? ExitCode(string path)
    {
        if (!File.Exists(path)) return null;
        string text = File.ReadAllText(path).Trim();
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int code) ? code : -1;
    }

    /// <summary>The last non-empty line of a log (where kdgan says why it stopped), cut to 200 characters.</summary>
    private static string LastLine(string log)
    {
        if (!File.Exists(log)) return "(no log)";
        string last = File.ReadLines(log).LastOrDefault(l => l.Trim().Length > 0 && !l.StartsWith("Run '", StringComparison.Ordinal)) ?? "(empty log)";
        return last.Length <= 200 ? last : last[..200] + "...";
    }
}
