using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KdGan.Runner.Cli;

namespace KdGan.Runner.Sweeps;

/// <summary>The sbatch settings of `kdgan sweep --slurm`.</summary>
/// <param name="Throttle">most tasks running at once (the array's %N); null for no limit</param>
/// <param name="Time">each task's time limit in a form Slurm reads (MM, HH:MM:SS, D-HH:MM:SS); null for the partition's</param>
/// <param name="Extra">further sbatch arguments, each put on its own #SBATCH line</param>
public sealed record SlurmOptions(int? Throttle, int CpusPerTask, string? Time, string? Partition, IReadOnlyList<string> Extra)
{
    private static readonly Regex s_time = new(@"^(\d+-)?\d+(:\d+){0,2}$|^\d+-\d+$", RegexOptions.CultureInvariant);

    public void Check()
    {
        if (Throttle is < 1) throw new UsageException($"sweep: --throttle must be at least 1, got {Throttle}.");
        if (CpusPerTask < 1) throw new UsageException($"sweep: --cpus-per-task must be at least 1, got {CpusPerTask}.");
        if (Time is not null && !s_time.IsMatch(Time))
            throw new UsageException($"sweep: --time '{ConfigOptions.Cut(Time)}' is not a Slurm time limit (MM, HH:MM:SS or D-HH:MM:SS).");
        if (Partition is not null && !Regex.IsMatch(Partition, "^[A-Za-z0-9_.,-]+$"))
            throw new UsageException($"sweep: --partition '{ConfigOptions.Cut(Partition)}' is not a partition name.");
        if (Extra.FirstOrDefault(a => !a.StartsWith('-') || a.Contains('\n')) is { } bad)
            throw new UsageException($"sweep: --sbatch-args: '{ConfigOptions.Cut(bad)}' is not an sbatch option (each starts with -).");
    }
}

/// <summary>
/// `kdgan sweep --slurm`: one job-array task per cell. Each task runs `kdgan train --config CELL --resume` on
/// --cpus-per-task threads, appending to the cell's train.log and writing its exit-code. The array is requeueable: a
/// preempted or requeued task resumes from its cell's last checkpoint, and the run-folder lock keeps two tasks out of one
/// cell. Slurm signals every process of a cancelled or timed-out task; kdgan then stops after its current step, and the
/// task waits for it before recording the exit code (130).
/// </summary>
public static class SlurmSweep
{
    public static string Script(SweepFolder folder, IReadOnlyList<SweepCell> cells, string kdgan, SlurmOptions opt, string workDir)
    {
        var s = new StringBuilder();
        s.Append("#!/usr/bin/env bash\n");
        s.Append(CultureInfo.InvariantCulture, $"# kdgan sweep {folder.Root}: {cells.Count} cells as a Slurm job array (written by kdgan sweep --slurm).\n");
        s.Append("#SBATCH --job-name=kdgan-sweep\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{cells.Count - 1}{(opt.Throttle is { } t ? "%" + t : "")}\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={opt.CpusPerTask}\n");
        s.Append("#SBATCH --ntasks=1\n");
        if (opt.Time is not null) s.Append($"#SBATCH --time={opt.Time}\n");
        if (opt.Partition is not null) s.Append($"#SBATCH --partition={opt.Partition}\n");
        s.Append($"#SBATCH --output={folder.SlurmDir}/%A_%a.out\n");
        s.Append($"#SBATCH --chdir={workDir}\n");
        s.Append("#SBATCH --requeue\n#SBATCH --open-mode=append\n");
        foreach (string a in opt.Extra) s.Append($"#SBATCH {a}\n");
        s.Append("set -u\n");
        s.Append("cells=(").Append(string.Join(' ', cells.Select(c => c.Id))).Append(")\n");
        s.Append("cell=${cells[$SLURM_ARRAY_TASK_ID]}\n");
        s.Append($"dir={Shell.Quote(Path.Combine(folder.Root, "cells"))}/$cell\n");
        s.Append("export DOTNET_PROCESSOR_COUNT=${SLURM_CPUS_PER_TASK:-1}\n");
        s.Append("echo \"kdgan sweep: task $SLURM_ARRAY_TASK_ID of job ${SLURM_ARRAY_JOB_ID:-?}: cell $cell on $(hostname) ($(date -u +%FT%TZ))\"\n");
        s.Append("rm -f \"$dir/exit-code\"\n");
        s.Append($"{kdgan} train --config \"$dir/config.json\" --resume </dev/null >>\"$dir/train.log\" 2>&1 &\n");
        s.Append("pid=$!\n");
        s.Append("trap 'echo \"kdgan sweep: signalled; waiting for kdgan to stop after its current step\"' TERM INT\n");
        s.Append("wait $pid; rc=$?\n");
        s.Append("while kill -0 $pid 2>/dev/null; do wait $pid; rc=$?; done  # a signal ends the first wait early\n");
        s.Append("echo $rc > \"$dir/exit-code\"\n");
        s.Append("echo \"kdgan sweep: cell $cell exited with $rc\"\n");
        s.Append("exit $rc\n");
        return s.ToString();
    }

    /// <summary>Writes the script under slurm/ and submits it; returns the job id. No sbatch, or a refusal, is an error with sbatch's words.</summary>
    public static string Submit(SweepFolder folder, string script, TextWriter o)
    {
        Directory.CreateDirectory(folder.SlurmDir);
        string path = Path.Combine(folder.SlurmDir, $"sweep-{DateTime.UtcNow:yyyyMMddTHHmmssfffZ}.sbatch");
        File.WriteAllText(path, script);
        var psi = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("--parsable");
        psi.ArgumentList.Add(path);
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new UsageException($"sweep: --slurm needs sbatch (a Slurm client) on PATH; the job script is written to {path}. " +
                                     "--dry-run prints it without submitting; docs/cluster.md sets up a cluster.");
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            string stderr = p.StandardError.ReadToEnd();
            if (!p.WaitForExit(120_000)) { p.Kill(); throw new UsageException("sweep: sbatch did not answer within 120 s; is slurmctld up? (sinfo tells)"); }
            string answer = stdout.Result.Trim();
            if (p.ExitCode != 0 || answer.Length == 0)
                throw new UsageException($"sweep: sbatch refused {path} (exit {p.ExitCode}): {ConfigOptions.Cut(stderr.Trim().ReplaceLineEndings(" "))}");
            string job = answer.Split(';')[0];
            File.AppendAllText(Path.Combine(folder.SlurmDir, "jobs.txt"), $"{job} {path}\n");
            return job;
        }
    }
}
