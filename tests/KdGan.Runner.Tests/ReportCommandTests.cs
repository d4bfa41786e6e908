using System.Diagnostics;
using System.Text.Json;
using KdGan.Models.Checkpoints;
using KdGan.Tensors;

namespace KdGan.Runner.Tests;

/// <summary>`kdgan eval`, `plot` and `export` end to end on a tiny KDGAN run.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-reports-").FullName;
    private readonly string _run;

    public ReportCommandTests()
    {
        var (code, _, err) = TinyMnist.Kdgan("train", "--data-dir", TinyMnist.Write(_dir, 60), "--device", "cpu", "--train-size", "20",
            "--validation-size", "20", "--d-negatives", "2", "--pretrain-epochs", "2", "--epochs", "2", "--out", Path.Combine(_dir, "runs"), "--cache-dir", "");
        Assert.True(code == 0, err);
        _run = Path.Combine(_dir, "runs", "mnist-kdgan-gumbel-n20-s1");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void EvalReportsTheRunsOwnScoreAConfusionMatrixAndAPngOfTheWorst()
    {
        var (code, output, err) = TinyMnist.Kdgan("eval", _run);
        Assert.True(code == 0, err);
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(_run, "result.json")));
        double final = result.RootElement.GetProperty("FinalTestAccuracy").GetDouble();
        Assert.Contains($"Student (C) after epoch 2, test split (20 examples): accuracy {final:P2}", output); // the number the run reported
        Assert.Contains("confusion matrix (rows: true class, columns: predicted):", output);
        var rows = output.Split('\n').SkipWhile(l => !l.StartsWith("confusion", StringComparison.Ordinal)).Skip(2).Take(10).ToList();
        Assert.Equal(20, rows.Sum(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Sum(int.Parse)));
        string png = Path.Combine(_run, "eval-c-test-worst.png");
        Assert.True(new FileInfo(png).Length > 1000);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);

        (code, output, err) = TinyMnist.Kdgan("eval", Path.Combine(_run, "checkpoint.safetensors"), "--player", "T", "--split", "validation", "--worst", "0");
        Assert.True(code == 0, err);
        Assert.Contains("Teacher (T) after epoch 2, validation split (20 examples)", output);
    }

    [Fact]
    public void PlotDrawsThePngAndNamesItsCurves()
    {
        string png = Path.Combine(_dir, "curves.png");
        var (code, output, err) = TinyMnist.Kdgan("plot", _run, "--out", png);
        Assert.True(code == 0, err);
        Assert.Contains("1 curves from 1 runs", output);
        Assert.True(new FileInfo(png).Length > 1000);
        Assert.Equal(2, TinyMnist.Kdgan("plot", _dir).Code); // not a run folder
    }

    /// <summary>The exported file read by a parser written from the safetensors spec with Python's standard library only.</summary>
    [Fact]
    public void ExportWritesTheClassifierUnderPyTorchNamesReadableByAStdlibSafetensorsParser()
    {
        string file = Path.Combine(_dir, "c.safetensors");
        var (code, _, err) = TinyMnist.Kdgan("export", _run, "--player", "c", "--out", file);
        Assert.True(code == 0, err);
        string script = Path.Combine(_dir, "read.py");
        File.WriteAllText(script, """
            import json, struct, sys
            data = open(sys.argv[1], 'rb').read()
            n = struct.unpack('<Q', data[:8])[0]
            header = json.loads(data[8:8 + n])
            meta = header.pop('__metadata__')
            out = {'format': meta['format'], 'player': meta['kdgan.player'], 'tensors': {}}
            for name, t in header.items():
                a, b = t['data_offsets']
                values = struct.unpack('<%df' % ((b - a) // 4), data[8 + n + a:8 + n + b])
                out['tensors'][name] = {'dtype': t['dtype'], 'shape': t['shape'], 'first': values[0], 'sum': sum(values)}
            print(json.dumps(out))
            """);
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(file);
        using var p = Process.Start(psi)!;
        string json = p.StandardOutput.ReadToEnd(), perr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, perr);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(("pt", "c"), (root.GetProperty("format").GetString(), root.GetProperty("player").GetString()));
        var tensors = root.GetProperty("tensors");
        // nn.Sequential(Flatten, Linear(784, 800), ReLU, Dropout, Linear(800, 800), ReLU, Dropout, Linear(800, 10))
        Assert.Equal(["1.bias", "1.weight", "4.bias", "4.weight", "7.bias", "7.weight"], tensors.EnumerateObject().Select(t => t.Name).Order());
        Assert.Equal([800, 784], tensors.GetProperty("1.weight").GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal([10, 800], tensors.GetProperty("7.weight").GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal("F32", tensors.GetProperty("7.bias").GetProperty("dtype").GetString());
        using var ckpt = Checkpoint.Load(Path.Combine(_run, "checkpoint.safetensors"), Device.Cpu);
        foreach (var name in new[] { "1.weight", "7.bias" })
        {
            var values = ckpt.Tensors["model.c." + name].ToArray();
            Assert.Equal(values[0], tensors.GetProperty(name).GetProperty("first").GetDouble(), 6);
            Assert.Equal(values.Sum(v => (double)v), tensors.GetProperty(name).GetProperty("sum").GetDouble(), 3);
        }
    }
}
