using System.CommandLine;
using KdGan.Runner.Cli;

namespace KdGan.Runner.Sweeps;

/// <summary>
/// <c>kdgan sweep --out SWEEP [axes] --local | --slurm | --print</c>: a grid of configurations, one cell each under SWEEP
/// (<see cref="SweepFolder"/>), run here, as a Slurm job array, or as a list of commands; <c>kdgan sweep collect SWEEP</c>
/// tabulates it. Every configuration key of the option table is an axis: a comma-separated list (integers also as
/// ranges, --seeds 1-5), or a key of the --grid file. Running the command again skips the finished cells and resumes the
/// interrupted ones; a grid over the same keys with more values extends the sweep.
/// </summary>
public static class SweepCommand
{
    public static Command Build(TextWriter o, TextWriter err)
    {
        var cmd = new Command("sweep", "Expand a grid of configurations into one cell each (SWEEP/cells/ID/config.json, the same id for the same " +
                                       "configuration) and run the unfinished cells: --local (here, --jobs at a time), --slurm (an sbatch job array) " +
                                       "or --print (one shell command per cell). Each cell is `kdgan train --config CELL --resume`.");
        var outDir = new Option<string>("--out") { HelpName = "SWEEP", Description = "the sweep folder (required)" };
        var grid = new Option<string>("--grid") { HelpName = "FILE.json", Description = "grid file: configuration keys (as config.json spells them) -> a value or an array of values; options override its keys" };
        var local = new Option<bool>("--local") { Description = "run the cells on this machine" };
        var jobs = new Option<int>("--jobs") { HelpName = "K", Description = "--local: cells at once", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { HelpName = "N", Description = "--local: threads per cell [default: the cores / --jobs]" };
        var slurm = new Option<bool>("--slurm") { Description = "submit the cells as a Slurm job array (sbatch)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "--slurm: print the job script; write and submit nothing" };
        var throttle = new Option<int?>("--throttle") { HelpName = "N", Description = "--slurm: most tasks running at once (the array's %N) [default: no limit]" };
        var cpus = new Option<int>("--cpus-per-task") { HelpName = "N", Description = "--slurm: CPUs (and kdgan threads) per task", DefaultValueFactory = _ => 1 };
        var time = new Option<string>("--time") { HelpName = "LIMIT", Description = "--slurm: each task's time limit (MM, HH:MM:SS, D-HH:MM:SS) [default: the partition's]" };
        var partition = new Option<string>("--partition") { HelpName = "NAME", Description = "--slurm: the partition [default: the cluster's]" };
        var sbatchArgs = new Option<string>("--sbatch-args") { HelpName = "\"ARGS\"", Description = "--slurm: more sbatch options, separated by spaces (\"--mem=4G --qos=low\")" };
        var print = new Option<bool>("--print") { Description = "print one shell command per unfinished cell (also written to SWEEP/commands.sh), for any other runner" };
        var kdgan = new Option<string>("--kdgan") { HelpName = "CMD", Description = "how a cell starts kdgan [default: this kdgan]" };
        Option[] own = [outDir, grid, local, jobs, threads, slurm, dryRun, throttle, cpus, time, partition, sbatchArgs, print, kdgan];
        foreach (var option in own) cmd.Options.Add(option);
        var axes = new List<(ConfigOption Entry, Option<string> Option)>();
        foreach (var entry in ConfigOptions.All.Where(e => e.Key != "outDir"))
        {
            var option = new Option<string>("--" + entry.Flag) { HelpName = entry.HelpName + ",...", Description = entry.Description + " (one value or a comma-separated list)" };
            if (entry.Key == "seed") option.Aliases.Add("--seeds");
            cmd.Options.Add(option);
            axes.Add((entry, option));
        }
        cmd.SetAction(parsed =>
        {
            var folder = new SweepFolder(parsed.GetValue(outDir) is { Length: > 0 } d ? d : throw new UsageException("sweep: --out SWEEP is required: the folder of the sweep's cells."));
            var g = parsed.GetValue(grid) is { } file ? SweepGrid.FromFile(file) : new SweepGrid();
            foreach (var (entry, option) in axes.Where(a => parsed.GetResult(a.Option) is not null))
                g.Set(entry.Key, SweepGrid.ParseList(entry.Key, parsed.GetValue(option) ?? "", "--" + entry.Flag), "--" + entry.Flag);
            int modes = new[] { local, slurm, print }.Count(m => parsed.GetValue(m));
            if (modes != 1) throw new UsageException("sweep: choose how to run the cells: exactly one of --local, --slurm or --print.");
            string line = "kdgan " + string.Join(' ', parsed.Tokens.Select(t => Shell.Quote(t.Value)));
            var (manifest, cells) = Prepare(folder, g, line, write: !parsed.GetValue(dryRun), o);
            string launcher = parsed.GetValue(kdgan) ?? Shell.ThisKdgan();
            if (parsed.GetValue(print)) return Print(folder, cells, launcher, o);
            if (parsed.GetValue(local))
            {
                int k = parsed.GetValue(jobs);
                if (k < 1) throw new UsageException($"sweep: --jobs must be at least 1, got {k}.");
                int t = parsed.GetResult(threads) is null ? Math.Max(1, Environment.ProcessorCount / k) : parsed.GetValue(threads);
                if (t < 1) throw new UsageException($"sweep: --threads must be at least 1, got {t}.");
                return cells.Count == 0 ? ExitCodes.Ok : LocalSweep.Run(folder, cells, manifest.VaryingKeys, k, t, launcher, o, err);
            }
            var opt = new SlurmOptions(parsed.GetValue(throttle), parsed.GetValue(cpus), parsed.GetValue(time), parsed.GetValue(partition),
                (parsed.GetValue(sbatchArgs) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
            opt.Check();
            if (cells.Count == 0) return ExitCodes.Ok;
            string script = SlurmSweep.Script(folder, cells, launcher, opt, Environment.CurrentDirectory);
            if (parsed.GetValue(dryRun)) { o.Write(script); return ExitCodes.Ok; }
            string job = SlurmSweep.Submit(folder, script, o);
            o.WriteLine($"sweep: submitted job {job}: {cells.Count} array tasks ({folder.SlurmDir}); watch with squeue -j {job}; " +
                        $"when done: kdgan sweep collect {Shell.Quote(folder.Root)}; to rerun what did not finish, run this command again.");
            return ExitCodes.Ok;
        });
        cmd.Subcommands.Add(CollectCommand(o));
        return cmd;
    }

    /// <summary>
    /// The grid's cells merged into the folder's manifest (all of the manifest's when no axis is given), written unless
    /// <paramref name="write"/> is false; returns the merged manifest and the cells to run: those neither finished nor
    /// held by a live kdgan.
    /// </summary>
    private static (SweepManifest Manifest, List<SweepCell> Todo) Prepare(SweepFolder folder, SweepGrid grid, string line, bool write, TextWriter o)
    {
        var existing = folder.Load();
        if (existing is null && grid.Axes.Count == 0)
            throw new UsageException($"sweep: {folder.Root} holds no sweep yet: give the grid (--grid FILE or options such as --alpha 0,0.1 --seeds 1-3).");
        var expanded = grid.Axes.Count == 0 ? [] : SweepCell.Expand(grid, folder);
        var declared = new SweepManifest(SweepManifest.CurrentVersion, grid.Axes, expanded.Select(c => c.Cell).ToList(), grid.Axes.Count == 0 ? [] : [line]);
        var manifest = existing is null ? declared : grid.Axes.Count == 0 ? existing : existing.Merge(declared, folder.Root);
        if (grid.Axes.Count > 0)
            o.WriteLine($"sweep: {grid.Combinations:N0} combinations -> {expanded.Count:N0} distinct cells" +
                        (existing is null ? "" : $"; the sweep now holds {manifest.Cells.Count:N0}") + $" ({folder.Root})");
        if (write) folder.Save(manifest, expanded);
        var statuses = manifest.Cells.Select(c => CellStatus.Of(folder, c)).ToList();
        o.WriteLine($"sweep: {CellStatus.Counts(statuses)}");
        var todo = statuses.Where(s => s.State is not (CellState.Finished or CellState.Running)).Select(s => s.Cell).ToList();
        if (todo.Count == 0) o.WriteLine($"sweep: nothing to run; the table: kdgan sweep collect {Shell.Quote(folder.Root)}");
        return (manifest, todo);
    }

    /// <summary>One shell line per cell: the training command, its log and its exit code, as the other runners write them.</summary>
    private static int Print(SweepFolder folder, List<SweepCell> cells, string kdgan, TextWriter o)
    {
        var lines = cells.Select(c => $"{c.Command(folder, kdgan)} </dev/null >>{Shell.Quote(folder.LogPath(c.Id))} 2>&1; echo $? >{Shell.Quote(folder.ExitCodePath(c.Id))}").ToList();
        File.WriteAllLines(Path.Combine(folder.Root, "commands.sh"), lines);
        foreach (string l in lines) o.WriteLine(l);
        return ExitCodes.Ok;
    }

    private static Command CollectCommand(TextWriter o)
    {
        var collect = new Command("collect", "The finished cells of a sweep as one table (SWEEP/results.md and results.json): mean +- std over seeds, " +
                                             "the best row by validation, and the cells not finished with their logs.");
        var dir = new Argument<string>("sweep") { Description = "the sweep folder" };
        var outDir = new Option<string>("--out") { HelpName = "DIR", Description = "where results.md and results.json go [default: the sweep folder]" };
        collect.Arguments.Add(dir);
        collect.Options.Add(outDir);
        collect.SetAction(parsed => SweepCollect.Run(new SweepFolder(parsed.GetValue(dir)!), parsed.GetValue(outDir), o));
        return collect;
    }
}
