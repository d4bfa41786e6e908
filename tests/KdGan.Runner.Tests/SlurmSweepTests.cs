using System.Diagnostics;
using System.Text.Json;
using KdGan.Runner.Sweeps;

namespace KdGan.Runner.Tests;

/// <summary>
/// A fact that needs a Slurm cluster answering (SLURM_CONF set, sinfo exits 0 within 15 s): skipped, with the reason in
/// the test output, when none does. .ci/run starts one on this machine with scripts/slurm-local.sh.
/// </summary>
public sealed class RequiresSlurmFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> s_reason = new(Probe);

    public RequiresSlurmFactAttribute()
    {
        if (s_reason.Value is { } reason) Skip = reason;
    }

    private static string? Probe()
    {
        const string how = "start one with: eval \"$(scripts/slurm-local.sh start)\" (.ci/run does)";
        if (Environment.GetEnvironmentVariable("SLURM_CONF") is not { Length: > 0 } conf) return $"no Slurm cluster: SLURM_CONF is not set; {how}";
        try
        {
            var (code, output) = SlurmSweepTests.Run("sinfo", "-h", "-o", "%T");
            return code == 0 && output.Trim().Length > 0 ? null : $"no Slurm cluster answers (SLURM_CONF={conf}; sinfo exit {code}: {output.Trim()}); {how}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            return $"no Slurm cluster answers (SLURM_CONF={conf}: {e.Message}); {how}";
        }
    }
}

/// <summary>
/// `kdgan sweep --slurm` against a real slurmctld and slurmd: a 4-task array runs to the end, and a task cancelled with
/// scancel mid-run resumes, once resubmitted, to the numbers of a run that was never interrupted.
/// </summary>
public sealed class SlurmSweepTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-slurm-").FullName;
    private readonly string _data;

    public SlurmSweepTests() => _data = TinyMnist.Write(_dir, 60);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs a Slurm client command; its exit code and output (stdout then stderr).</summary>
    internal static (int Code, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(15_000)) { p.Kill(); throw new TimeoutException($"{file} did not answer in 15 s"); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static string Submit(string[] args)
    {
        var (code, output, err) = TinyMnist.Kdgan(args);
        Assert.True(code == 0, output + err);
        var m = System.Text.RegularExpressions.Regex.Match(output, @"submitted job (\d+):");
        Assert.True(m.Success, output);
        return m.Groups[1].Value;
    }

    /// <summary>Waits until the job has left the queue (bounded: a hung cluster fails the test, it never hangs it).</summary>
    private static void WaitForJob(string job, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (Run("squeue", "-h", "-j", job, "-o", "%i").Output.Trim().Length > 0)
        {
            Assert.True(clock.Elapsed < limit, $"job {job} still queued or running after {limit.TotalSeconds:F0} s: {Run("squeue", "-j", job).Output}");
            Thread.Sleep(500);
        }
    }

    [RequiresSlurmFact]
    public void AFourTaskArrayRunsEveryCellAndCollectFindsThemAllFinished()
    {
        string sweep = Path.Combine(_dir, "array");
        string job = Submit(SweepCommandTests.TinySweep(_data, sweep, "--slurm", "--throttle", "2", "--time", "10:00"));
        WaitForJob(job, TimeSpan.FromMinutes(4));
        var (code, table, err) = TinyMnist.Kdgan(["sweep", "collect", sweep]);
        Assert.True(code == 0, err);
        Assert.True(table.Contains("Cells: 4 (4 finished)."), table + string.Concat(Directory.GetFiles(Path.Combine(sweep, "slurm"), "*.out").Select(File.ReadAllText)));
        Assert.Equal(4, Directory.GetFiles(Path.Combine(sweep, "slurm"), $"{job}_*.out").Length);
        Assert.All(new SweepFolder(sweep).Require().Cells, c => Assert.Equal("0", File.ReadAllText(new SweepFolder(sweep).ExitCodePath(c.Id)).Trim()));
    }

    [RequiresSlurmFact]
    public void ACancelledTaskResumesWhenResubmittedToTheNumbersOfAnUninterruptedRun()
    {
        string sweep = Path.Combine(_dir, "cancel");
        string[] one = ["sweep", "--out", sweep, "--data-dir", _data, "--device", "cpu", "--method", "kdgan", "--seed", "1", "--train-size", "20",
                        "--validation-size", "20", "--d-negatives", "2", "--pretrain-epochs", "1", "--epochs", "40", "--slurm"];
        string job = Submit(one);
        var folder = new SweepFolder(sweep);
        var cell = folder.Require().Cells.Single();
        string run = Path.Combine(folder.CellDir(cell.Id), "mnist-kdgan-gumbel-n20-s1");
        string metrics = Path.Combine(run, "metrics.jsonl");
        var clock = Stopwatch.StartNew();
        // 40 epochs: the run must still be going when the cancel lands, on a loaded machine too.
        while (!(File.Exists(metrics) && File.ReadAllText(metrics).Contains("\"Phase\":\"train\"")))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), "no main epoch in 3 minutes: " + (File.Exists(folder.LogPath(cell.Id)) ? File.ReadAllText(folder.LogPath(cell.Id)) : "no log"));
            Assert.False(File.Exists(Path.Combine(run, "result.json")), "the run finished before it could be cancelled");
            Thread.Sleep(50);
        }
        Assert.Equal(0, Run("scancel", job).Code);
        WaitForJob(job, TimeSpan.FromMinutes(2));
        var stopped = CellStatus.Of(folder, cell);
        Assert.True(stopped.State == CellState.Interrupted, $"{stopped.State}: {stopped.Detail}\n{File.ReadAllText(folder.LogPath(cell.Id))}");
        Assert.Contains("kdgan: SIGTERM: stopping after the current step", File.ReadAllText(folder.LogPath(cell.Id)));
        Assert.False(File.Exists(Path.Combine(run, "result.json")));

        string again = Submit(one);
        WaitForJob(again, TimeSpan.FromMinutes(4));
        Assert.Equal(CellState.Finished, CellStatus.Of(folder, cell).State);
        Assert.Contains("resumed from", File.ReadAllText(folder.LogPath(cell.Id)));

        // The same configuration trained in one go, here.
        string reference = Path.Combine(_dir, "reference");
        var (code, _, err) = TinyMnist.Kdgan(["train", "--config", folder.ConfigPath(cell.Id), "--out", reference]);
        Assert.True(code == 0, err);
        static JsonElement Result(string dir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "result.json"))).RootElement;
        var (a, b) = (Result(Path.Combine(reference, "mnist-kdgan-gumbel-n20-s1")), Result(run));
        foreach (var key in new[] { "FinalTestAccuracy", "BestValidationAccuracy", "TestAccuracyAtBestValidation", "BestEpoch", "TeacherTestAccuracy" })
            Assert.Equal(a.GetProperty(key).ToString(), b.GetProperty(key).ToString());
        Assert.Equal(File.ReadAllLines(Path.Combine(reference, "mnist-kdgan-gumbel-n20-s1", "metrics.jsonl")).Select(RunFaultTests.Losses),
                     File.ReadAllLines(metrics).Select(RunFaultTests.Losses));
    }
}
