using System.Diagnostics;
using System.Text.Json;
using KdGan.Runner;

namespace KdGan.Runner.Tests;

public class CommandTests
{
    private static (int Code, string Out, string Err) Kdgan(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData("help")]
    [InlineData("train", "--help")]
    [InlineData("reproduce", "--help")]
    [InlineData("bench", "--help")]
    [InlineData("data", "--help")]
    [InlineData("demo", "--help")]
    [InlineData("doctor", "--help")]
    [InlineData("eval", "--help")]
    [InlineData("plot", "--help")]
    [InlineData("export", "--help")]
    public void HelpEndsWithANewLineAndSucceeds(params string[] args)
    {
        var (code, output, _) = Kdgan(args);
        Assert.Equal(0, code);
        Assert.Contains($"kdgan {(args[0] == "help" ? "" : args[0])}".TrimEnd(), output);
        string text = output.Replace("\r\n", "\n");
        Assert.EndsWith("\n", text); // a shell prompt after it starts on its own line
        Assert.False(text.EndsWith("\n\n", StringComparison.Ordinal), "help ends with a blank line");
    }

    [Fact]
    public void BenchGemmPrintsOneJsonLine()
    {
        var (code, output, _) = Kdgan("bench", "gemm", "--size", "96", "--threads", "1", "--reps", "3");
        Assert.Equal(0, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        Assert.Equal("gemm", root.GetProperty("op").GetString());
        Assert.Equal(96, root.GetProperty("size").GetInt32());
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        Assert.Equal(3, root.GetProperty("reps").GetInt32());
        Assert.True(root.GetProperty("ms").GetDouble() > 0);
        Assert.True(root.GetProperty("gflops").GetDouble() > 0);
    }

    [Theory]
    [InlineData("add")]
    [InlineData("exp")]
    [InlineData("sum")]
    public void BenchStreamingKernelsReportBandwidth(string op)
    {
        var (code, output, _) = Kdgan("bench", op, "--size", "4099", "--reps", "2", "--simd", "scalar");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(op, doc.RootElement.GetProperty("op").GetString());
        Assert.Equal("Scalar", doc.RootElement.GetProperty("simd").GetString());
        Assert.True(doc.RootElement.GetProperty("gbps").GetDouble() > 0);
    }

    [Theory]
    [InlineData(new[] { "bench", "gemm", "--sise", "10" }, "Unrecognized command or argument '--sise'.")]
    [InlineData(new[] { "bench", "gemm", "--size", "ten" }, "--size expects an integer, got 'ten'")]
    [InlineData(new[] { "bench", "gemm", "--threads", "0" }, "--threads must be between 1")]
    [InlineData(new[] { "bench", "conv" }, "unknown kernel 'conv'")]
    [InlineData(new[] { "bench", "gemm", "--size" }, "Required argument missing for option: '--size'.")]
    [InlineData(new[] { "fly" }, "Unrecognized command or argument 'fly'.")]
    public void BadArgumentsFailWithAClearMessageAndExitCode2(string[] args, string message)
    {
        var (code, output, err) = Kdgan(args);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.Equal("", output);
    }

    /// <summary>The option table and the help cannot drift apart: every option of the table is in the help of the commands that take it.</summary>
    [Fact]
    public void EveryOptionOfTheTableIsInTheHelp()
    {
        var (_, train, _) = Kdgan("train", "--help");
        var (_, reproduce, _) = Kdgan("reproduce", "--help");
        foreach (var option in Cli.ConfigOptions.All)
        {
            Assert.Contains($"--{option.Flag} <{option.HelpName}>", train);
            if (option.Key is not ("trainSize" or "seed" or "method" or "outDir")) Assert.Contains($"--{option.Flag} <{option.HelpName}>", reproduce);
        }
        Assert.Contains("--sizes <N,N>", reproduce);
        Assert.Contains("[default: 0.1]", train); // alpha's default, read from the configuration
    }

    /// <summary>Every configuration key has a flag, and every flag a key.</summary>
    [Fact]
    public void TheOptionTableCoversEveryConfigurationKey() =>
        Assert.Equal(Models.Kdgan.ExperimentConfig.Keys.Order(), Cli.ConfigOptions.All.Select(o => o.Key).Order());

    [Fact]
    public void DoctorNamesTheSimdLevelAndDevices()
    {
        var (code, output, _) = Kdgan("doctor");
        Assert.Equal(0, code);
        Assert.Contains("simd", output);
        Assert.Contains("cpu", output);
        Assert.Contains("cuda", output);
    }

    /// <summary>
    /// The SIMD-off paths as the runtime sees them: a child process with AVX2 (or all hardware intrinsics)
    /// disabled must fall back to Vector128 (or Scalar), and its demo self-check must still pass there.
    /// </summary>
    [Theory]
    [InlineData("DOTNET_EnableAVX2", "Vector128")]
    [InlineData("DOTNET_EnableHWIntrinsic", "Scalar")]
    public void ChildProcessWithoutSimdFallsBackAndStillPasses(string variable, string expectedLevel)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "kdgan.dll");
        Assert.True(File.Exists(dll), $"kdgan.dll not found next to the tests at {dll}");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("demo");
        psi.ArgumentList.Add("--size");
        psi.ArgumentList.Add("64");
        psi.Environment[variable] = "0";
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string err = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "kdgan demo did not finish in 2 minutes");
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}\n{output}\n{err}");
        Assert.Contains($"[{expectedLevel}]", output);
        Assert.DoesNotContain("[Vector256]", output);
        Assert.Contains("all checks passed", output);
    }
}
