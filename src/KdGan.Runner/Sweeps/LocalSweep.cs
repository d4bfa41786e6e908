using System.Diagnostics;
using System.Runtime.InteropServices;
using KdGan.Runner.Cli;

namespace KdGan.Runner.Sweeps;

/// <summary>
/// `kdgan sweep --local`: the cells on this machine, <c>jobs</c> at a time, each a child `kdgan train --config CELL
/// --resume` in a session of its own (so a terminal's Ctrl+C reaches only this process, which passes one SIGTERM on: every
/// cell stops after its current step and keeps its checkpoint). Each cell's output goes to its train.log and its exit
/// code to its exit-code file, the same files a Slurm task writes. Progress names each cell by <c>shownKeys</c>.
/// </summary>
public static class LocalSweep
{
    public static int Run(SweepFolder folder, IReadOnlyList<SweepCell> cells, IReadOnlyList<string> shownKeys, int jobs, int threads, string kdgan, TextWriter o, TextWriter err)
    {
        using var interrupts = new Interrupts(err);
        var queue = new Queue<SweepCell>(cells);
        var running = new List<(SweepCell Cell, Process Process, Stopwatch Clock)>();
        int started = 0, finished = 0, failed = 0;
        bool forwarded = false;
        o.WriteLine($"sweep: {cells.Count} cells on this machine, {jobs} at a time, {threads} thread{(threads == 1 ? "" : "s")} each; logs in {folder.Root}/cells/ID/train.log");
        while (queue.Count > 0 || running.Count > 0)
        {
            while (!interrupts.Requested && running.Count < jobs && queue.Count > 0)
            {
                var cell = queue.Dequeue();
                File.Delete(folder.ExitCodePath(cell.Id));
                running.Add((cell, Start(folder, cell, kdgan, threads), Stopwatch.StartNew()));
                o.WriteLine($"[{++started}/{cells.Count}] {cell.Id} {SweepCell.Describe(cell.Values, shownKeys)}: started");
            }
            if (interrupts.Requested && !forwarded)
            {
                foreach (var r in running) Terminate(r.Process.Id);
                o.WriteLine($"sweep: stopping {running.Count} running cell(s) after their current step; {queue.Count} not started. " +
                            "Run the same kdgan sweep command again to resume them.");
                queue.Clear();
                forwarded = true;
            }
            Thread.Sleep(100);
            foreach (var r in running.Where(r => r.Process.HasExited).ToList())
            {
                running.Remove(r);
                int code = r.Process.ExitCode;
                r.Process.Dispose();
                SweepFolder.WriteAtomically(folder.ExitCodePath(r.Cell.Id), code + "\n");
                var status = CellStatus.Of(folder, r.Cell);
                string what = status.Result is { } res
                    ? $"final {res.FinalTestAccuracy:P2}, at best validation {res.TestAccuracyAtBestValidation:P2}"
                    : $"{status.State}: {status.Detail} (log: {folder.LogPath(r.Cell.Id)})";
                if (status.State == CellState.Finished) finished++;
                else if (status.State == CellState.Failed) failed++;
                o.WriteLine($"[{finished + failed}/{cells.Count} done] {r.Cell.Id} {SweepCell.Describe(r.Cell.Values, shownKeys)}: {what} ({r.Clock.Elapsed.TotalSeconds:F0} s)");
            }
        }
        o.WriteLine($"sweep: {finished} finished, {failed} failed, {cells.Count - finished - failed} not finished; table: kdgan sweep collect {Shell.Quote(folder.Root)}");
        return interrupts.Requested ? ExitCodes.Interrupted : failed > 0 ? ExitCodes.Unexpected : ExitCodes.Ok;
    }

    /// <summary>The cell's `kdgan train` in a new session (setsid), appending to its log, on <paramref name="threads"/> threads.</summary>
    private static Process Start(SweepFolder folder, SweepCell cell, string kdgan, int threads)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"exec setsid {cell.Command(folder, kdgan)} </dev/null >>{Shell.Quote(folder.LogPath(cell.Id))} 2>&1");
        psi.Environment["DOTNET_PROCESSOR_COUNT"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Process.Start(psi) ?? throw new InvalidOperationException($"sweep: could not start {kdgan}");
    }

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    /// <summary>SIGTERM: kdgan stops after its current step and keeps its checkpoint.</summary>
    private static void Terminate(int pid) => Kill(pid, 15);
}
