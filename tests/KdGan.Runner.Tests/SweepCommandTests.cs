using System.Diagnostics;
using System.Text.Json;
using KdGan.Models.Kdgan;
using KdGan.Runner.Cli;
using KdGan.Runner.Sweeps;

namespace KdGan.Runner.Tests;

/// <summary>`kdgan sweep`: the grid, the cell ids, and the local, print and dry-run Slurm paths on generated MNIST.</summary>
public sealed class SweepCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-sweepcmd-").FullName;
    private readonly string _data;

    public SweepCommandTests() => _data = TinyMnist.Write(_dir, 60);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A sweep of KDGAN over two alphas and two seeds, a few steps each (the first arguments of every test's sweep).</summary>
    internal static string[] TinySweep(string data, string sweep, params string[] extra) =>
        ["sweep", "--out", sweep, "--data-dir", data, "--device", "cpu", "--method", "kdgan", "--alpha", "0.1,0.3", "--seeds", "1-2",
         "--train-size", "20", "--validation-size", "20", "--d-negatives", "2", "--pretrain-epochs", "1", "--epochs", "2", .. extra];

    [Fact]
    public void ListsRangesAndAGridFileMakeTheProductOfTheAxesInOrder()
    {
        Assert.Equal(["1", "2", "3", "8"], SweepGrid.ParseList("seed", "1-3,8", "--seed"));
        Assert.Equal(["0", "0.1"], SweepGrid.ParseList("alpha", "0, 0.1", "--alpha"));
        string file = Path.Combine(_dir, "grid.json");
        File.WriteAllText(file, """{ "method": "kdgan", "alpha": [0, 0.5], "beta": [1, 2, 4], "seed": [1, 2] }""");
        var grid = SweepGrid.FromFile(file);
        grid.Set("beta", ["0.25"], "--beta"); // an option replaces the file's axis, in its place
        Assert.Equal(["method", "alpha", "beta", "seed"], grid.Axes.Select(a => a.Key));
        Assert.Equal(4, grid.Combinations);
        Assert.Equal(["0 0.25 1", "0 0.25 2", "0.5 0.25 1", "0.5 0.25 2"], grid.Expand().Select(c => $"{c["alpha"]} {c["beta"]} {c["seed"]}"));
    }

    [Theory]
    [InlineData("--alpha", "0.1,x", "--alpha expects a number, got 'x'.")]
    [InlineData("--seeds", "5-1", "--seed range '5-1' runs backwards.")]
    [InlineData("--alpha", "0.1,,0.2", "--alpha has an empty value")]
    [InlineData("--beta", "1,1", "--beta names the value '1' twice.")]
    [InlineData("--method", "kdgan,bogus", "--method must be")]
    [InlineData("--seeds", "1-200000", "more than 100,000 values")]
    public void ABadAxisIsAUsageErrorNamingTheFlag(string flag, string value, string message)
    {
        var (code, _, err) = TinyMnist.Kdgan(["sweep", "--out", Path.Combine(_dir, "bad"), flag, value, "--print"]);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.DoesNotContain("   at ", err);
        Assert.False(File.Exists(Path.Combine(_dir, "bad", "sweep.json")));
    }

    [Theory]
    [InlineData("""{ "alpah": [0] }""", "'alpah' is not a configuration key")]
    [InlineData("""[1, 2]""", "holds a JSON array, not an object")]
    [InlineData("""{ "alpha": [[0]] }""", "key 'alpha' holds a JSON array; give a value or an array of values")]
    [InlineData("""{ "seed": 1, "seed": 2 }""", "not valid JSON (a key given twice is refused)")]
    public void ABadGridFileIsAUsageErrorNamingTheFileAndKey(string text, string message)
    {
        string file = Path.Combine(_dir, "bad-grid.json");
        File.WriteAllText(file, text);
        var (code, _, err) = TinyMnist.Kdgan(["sweep", "--out", Path.Combine(_dir, "bad"), "--grid", file, "--print"]);
        Assert.Equal(2, code);
        Assert.Contains(file, err);
        Assert.Contains(message, err);
    }

    [Fact]
    public void TheSameConfigurationHasTheSameIdAndKeysTheMethodDoesNotReadMakeNoOtherCell()
    {
        var folder = new SweepFolder(Path.Combine(_dir, "ids"));
        var grid = new SweepGrid();
        grid.Set("method", ["student", "kdgan"], "--method");
        grid.Set("alpha", ["0.1", "0.3"], "--alpha");
        var cells = SweepCell.Expand(grid, folder);
        Assert.Equal(3, cells.Count); // the student does not read alpha: one student cell
        Assert.Equal(["student -", "kdgan 0.1", "kdgan 0.3"], cells.Select(c => $"{c.Cell.Values["method"]} {c.Cell.Values["alpha"]}"));
        Assert.Equal(cells.Select(c => c.Cell.Id), SweepCell.Expand(grid, new SweepFolder(Path.Combine(_dir, "elsewhere"))).Select(c => c.Cell.Id));
        var same = new ExperimentConfig { Method = Method.Kdgan, Alpha = 0.1f };
        Assert.Equal(cells[1].Cell.Id, SweepCell.IdOf(same));
        Assert.Equal(folder.CellDir(cells[1].Cell.Id), cells[1].Config.OutDir);
    }

    [Fact]
    public void NoRunnerOrTwoRunnersIsRefused()
    {
        var none = TinyMnist.Kdgan(TinySweep(_data, Path.Combine(_dir, "s")));
        Assert.Equal(2, none.Code);
        Assert.Contains("exactly one of --local, --slurm or --print", none.Err);
        Assert.Equal(2, TinyMnist.Kdgan(TinySweep(_data, Path.Combine(_dir, "s"), "--local", "--print")).Code);
        var empty = TinyMnist.Kdgan(["sweep", "--out", Path.Combine(_dir, "empty"), "--local"]);
        Assert.Contains("holds no sweep yet: give the grid", empty.Err);
    }

    [Fact]
    public void ALocalSweepRunsEveryCellSkipsThemWhenRunAgainAndCollectTabulatesThem()
    {
        string sweep = Path.Combine(_dir, "local");
        var (code, output, err) = TinyMnist.Kdgan(TinySweep(_data, sweep, "--local", "--jobs", "2", "--threads", "1"));
        Assert.True(code == 0, output + err);
        Assert.Contains("4 combinations -> 4 distinct cells", output);
        Assert.Contains("sweep: 4 finished, 0 failed, 0 not finished", output);

        var again = TinyMnist.Kdgan(TinySweep(_data, sweep, "--local"));
        Assert.Equal(0, again.Code);
        Assert.Contains("sweep: 4 finished", again.Out);
        Assert.Contains("nothing to run", again.Out);

        string tables = Path.Combine(_dir, "tables");
        var (c2, table, e2) = TinyMnist.Kdgan(["sweep", "collect", sweep, "--out", tables]);
        Assert.True(c2 == 0, e2);
        Assert.Contains("Cells: 4 (4 finished).", table);
        Assert.Contains("| alpha | seeds | final | at best-val | best-test | best validation |", table);
        Assert.Matches(@"\| 0\.1 \| 2 \| \d+\.\d\d \+- \d+\.\d\d \|", table);
        Assert.Matches(@"\| 0\.3 \| 2 \| ", table);
        Assert.Contains("Best by mean validation score: alpha = ", table);
        Assert.Equal(table, File.ReadAllText(Path.Combine(tables, "results.md")));
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(tables, "results.json"))).RootElement;
        Assert.Equal(2, json.GetProperty("rows").GetArrayLength());
        Assert.All(json.GetProperty("cells").EnumerateArray(), c => Assert.Equal("Finished", c.GetProperty("state").GetString()));
    }

    [Fact]
    public void PrintWritesOneShellLinePerCellThatRunsItAndAFailedCellIsListedWithItsLog()
    {
        string sweep = Path.Combine(_dir, "print");
        var (code, output, err) = TinyMnist.Kdgan(TinySweep(_data, sweep, "--print"));
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(Path.Combine(sweep, "commands.sh"));
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.Matches(@"train --config \S+/cells/[0-9a-f]{12}/config\.json --resume </dev/null >>\S+train\.log 2>&1; echo \$\? >\S+exit-code$", l));
        Assert.All(lines, l => Assert.Contains(l, output));

        // Run two cells as any runner would (seed 1: options make axes in the option table's order); break the third's configuration so it fails.
        var cells = new SweepFolder(sweep).Require().Cells;
        foreach (string line in lines.Take(2)) RunShell(line);
        File.WriteAllText(Path.Combine(sweep, "cells", cells[2].Id, "config.json"), """{ "epochs": -1 }""");
        RunShell(lines[2]);
        var (_, table, _) = TinyMnist.Kdgan(["sweep", "collect", sweep]);
        Assert.Contains("Cells: 4 (2 finished, 1 failed, 1 not started).", table);
        Assert.True(table.Contains($"- {cells[2].Id} seed=2 alpha=0.1: failed, "), table);
        Assert.Contains($"(log: {Path.Combine(sweep, "cells", cells[2].Id, "train.log")})", table);
        Assert.Contains($"- {cells[3].Id} seed=2 alpha=0.3: not started", table);
    }

    private static void RunShell(string line)
    {
        using var p = Process.Start(new ProcessStartInfo("/bin/bash") { ArgumentList = { "-c", line } })!;
        Assert.True(p.WaitForExit(120_000), $"not done in 2 minutes: {line}");
    }

    [Fact]
    public void SlurmDryRunPrintsTheArrayScriptAndWritesNothing()
    {
        string sweep = Path.Combine(_dir, "dry");
        var (code, output, err) = TinyMnist.Kdgan(TinySweep(_data, sweep, "--slurm", "--dry-run", "--throttle", "2", "--cpus-per-task", "2",
            "--time", "0:30:00", "--partition", "short", "--sbatch-args", "--mem=2G --qos=low"));
        Assert.True(code == 0, err);
        foreach (string line in new[] { "#SBATCH --array=0-3%2", "#SBATCH --cpus-per-task=2", "#SBATCH --time=0:30:00", "#SBATCH --partition=short",
                                        "#SBATCH --mem=2G", "#SBATCH --qos=low", "#SBATCH --requeue", "export DOTNET_PROCESSOR_COUNT=${SLURM_CPUS_PER_TASK:-1}" })
            Assert.Contains(line + "\n", output);
        Assert.Matches(@"cells=\(([0-9a-f]{12} ){3}[0-9a-f]{12}\)", output);
        Assert.Contains("train --config \"$dir/config.json\" --resume", output);
        Assert.False(Directory.Exists(sweep));

        var bad = TinyMnist.Kdgan(TinySweep(_data, sweep, "--slurm", "--dry-run", "--time", "soon"));
        Assert.Equal(2, bad.Code);
        Assert.Contains("--time 'soon' is not a Slurm time limit", bad.Err);
    }

    [Fact]
    public void ASweepOverOtherKeysInTheSameFolderIsRefusedAndMoreSeedsExtendIt()
    {
        string sweep = Path.Combine(_dir, "extend");
        Assert.Equal(0, TinyMnist.Kdgan(TinySweep(_data, sweep, "--print")).Code);
        var more = TinyMnist.Kdgan(TinySweep(_data, sweep, "--print").Select(a => a == "1-2" ? "1-3" : a).ToArray());
        Assert.Equal(0, more.Code);
        Assert.Contains("the sweep now holds 6", more.Out);
        var other = TinyMnist.Kdgan(["sweep", "--out", sweep, "--beta", "1,2", "--print"]);
        Assert.Equal(2, other.Code);
        Assert.Contains("not over beta; use another folder", other.Err);
    }
}
