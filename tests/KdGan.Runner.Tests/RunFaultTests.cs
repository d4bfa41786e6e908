using System.Diagnostics;
using System.Text.Json;

namespace KdGan.Runner.Tests;

/// <summary>
/// Faults a real user meets, end to end through the CLI and child processes: a diverging run, two processes on one run
/// folder, Ctrl+C in the middle of a run and the resume after it.
/// </summary>
public sealed class RunFaultTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-faults-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Train(string outDir, params string[] extra) =>
        ["train", "--data-dir", TinyMnist.Write(_dir, 60), "--device", "cpu", "--train-size", "20", "--validation-size", "20",
         "--d-negatives", "2", "--out", Path.Combine(_dir, outDir), "--cache-dir", "", .. extra];

    private static Process Start(IEnumerable<string> args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "kdgan.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "true";
        return Process.Start(psi)!;
    }

    private static void WaitFor(Func<bool> condition, Process child, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (child.HasExited) Assert.Fail($"the child exited ({child.ExitCode}) before {what}: {child.StandardError.ReadToEnd()}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"no {what} in 2 minutes");
            Thread.Sleep(20);
        }
    }

    private static void Signal(Process p, string signal) => Process.Start("kill", $"-{signal} {p.Id}")!.WaitForExit();

    [Fact]
    public void ADivergingRunStopsWithExitCode5NamingWhereAndTheCheckpoint()
    {
        var (code, _, err) = TinyMnist.Kdgan(Train("diverge", "--method", "student", "--pretrain-epochs", "0", "--epochs", "3", "--lr", "1e30"));
        Assert.Equal(5, code);
        Assert.Contains("kdgan train: diverged: mnist-student-gumbel-n20-s1: the loss of C is NaN in main phase epoch 1 step 2", err);
        Assert.Contains("the last good checkpoint is", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void ASecondProcessOnTheSameRunFolderIsRefusedAndAKilledOnesLockIsTakenOver()
    {
        string[] args = Train("locked", "--method", "nagan", "--pretrain-epochs", "1", "--epochs", "20");
        using var first = Start(args);
        string lockFile = Path.Combine(_dir, "locked", "mnist-nagan-gumbel-n20-s1", "run.lock");
        WaitFor(() => File.Exists(lockFile), first, "run.lock");
        var (code, _, err) = TinyMnist.Kdgan(args);
        Assert.Equal(2, code);
        Assert.Contains($"is in use by PID {first.Id} on {Environment.MachineName}", err);

        Signal(first, "KILL");
        first.WaitForExit();
        Assert.True(File.Exists(lockFile)); // a killed process cannot clean up
        var (again, output, err2) = TinyMnist.Kdgan([.. args, "--resume"]);
        Assert.True(again == 0, err2);
        Assert.Contains("took over the stale lock of PID", output);
    }

    /// <summary>Whether this process ignores SIGINT (bit 1 of SigIgn in /proc/self/status; false where that cannot be read).</summary>
    private static bool SigintIgnored()
    {
        try
        {
            string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
            return line is not null && (Convert.ToUInt64(line[7..].Trim(), 16) & 0x2) != 0;
        }
        catch (IOException) { return false; }
    }

    [Fact]
    public void CtrlCStopsAfterTheStepSaysHowToResumeAndTheResumedRunEndsWithTheSameNumbers()
    {
        string[] reference = Train("reference", "--method", "kdgan", "--pretrain-epochs", "1", "--epochs", "40");
        Assert.Equal(0, TinyMnist.Kdgan(reference).Code);

        string[] args = Train("interrupted", "--method", "kdgan", "--pretrain-epochs", "1", "--epochs", "40");
        using var child = Start(args);
        string metrics = Path.Combine(_dir, "interrupted", "mnist-kdgan-gumbel-n20-s1", "metrics.jsonl");
        // 40 epochs: the run must still be going when the signal lands, on a loaded machine too (8 raced to the end in CI).
        WaitFor(() => File.Exists(metrics) && File.ReadAllText(metrics).Contains("\"Phase\":\"train\""), child, "a main epoch");
        // A process started in the background by a non-interactive shell inherits SIGINT ignored (and so does its child,
        // which then cannot see Ctrl+C); SIGTERM takes the same path to the same stop there.
        string signal = SigintIgnored() ? "TERM" : "INT";
        Signal(child, signal);
        string err = child.StandardError.ReadToEnd();
        child.WaitForExit();
        Assert.True(child.ExitCode == 130, $"exit {child.ExitCode} after SIG{signal}: {err}");
        Assert.Contains($"kdgan: SIG{signal}: stopping after the current step", err);
        Assert.Matches(@"kdgan: interrupted in game epoch \d+ step \d+; its checkpoint after epoch \d+ is kept", err);
        string resume = err[(err.IndexOf("resume with: ", StringComparison.Ordinal) + 13)..].Trim();
        Assert.StartsWith("kdgan train --data-dir", resume);
        Assert.EndsWith("--resume", resume);

        var (code, _, err2) = TinyMnist.Kdgan([.. args, "--resume"]);
        Assert.True(code == 0, err2);
        static JsonElement Result(string dir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "mnist-kdgan-gumbel-n20-s1", "result.json"))).RootElement;
        var (a, b) = (Result(Path.Combine(_dir, "reference")), Result(Path.Combine(_dir, "interrupted")));
        foreach (var key in new[] { "FinalTestAccuracy", "BestValidationAccuracy", "TestAccuracyAtBestValidation", "BestEpoch", "TeacherTestAccuracy" })
            Assert.Equal(a.GetProperty(key).ToString(), b.GetProperty(key).ToString());
        Assert.Equal(File.ReadAllLines(Path.Combine(_dir, "reference", "mnist-kdgan-gumbel-n20-s1", "metrics.jsonl")).Select(Losses),
                     File.ReadAllLines(metrics).Select(Losses));
    }

    /// <summary>An epoch line without its timing: what a resumed run must repeat exactly.</summary>
    internal static string Losses(string line)
    {
        var e = JsonDocument.Parse(line).RootElement;
        return $"{e.GetProperty("Phase")} {e.GetProperty("Epoch")} {e.GetProperty("LossC")} {e.GetProperty("LossT")} {e.GetProperty("LossD")} {e.GetProperty("TestAccuracy")}";
    }
}
