using KdGan.Runner;

namespace KdGan.Runner.Tests;

public class TrainCommandTests
{
    private static (int Code, string Out, string Err) Kdgan(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData(new[] { "train", "--alpha", "1.5" }, "--alpha must be in [0, 1], got 1.5")]
    [InlineData(new[] { "train", "--experiment", "cifar" }, "--experiment must be mnist or fashion-mnist")]
    [InlineData(new[] { "train", "--method", "gan" }, "unknown method 'gan'")]
    [InlineData(new[] { "train", "--epochs", "many" }, "--epochs expects an integer, got 'many'")]
    [InlineData(new[] { "train", "--device", "tpu" }, "--device must be cpu, cuda, cuda:N, ilgpu-cpu or auto")]
    [InlineData(new[] { "train", "--config", "/nonexistent/config.json" }, "does not exist")]
    [InlineData(new[] { "train", "--learning-rate", "1" }, "unknown option --learning-rate")]
    [InlineData(new[] { "train", "--augment", "yes" }, "--augment must be auto, all, main or off, got 'yes'")]
    public void BadOptionsExitWith2BeforeAnyWork(string[] args, string message)
    {
        var (code, output, err) = Kdgan(args);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.DoesNotContain("config:", output); // nothing started
    }

    [Fact]
    public void MissingDataSaysWhereToGetIt()
    {
        string empty = Directory.CreateTempSubdirectory("kdgan-nodata-").FullName;
        try
        {
            var (code, _, err) = Kdgan("train", "--data-dir", empty, "--device", "cpu");
            Assert.Equal(2, code);
            Assert.Contains(empty, err);
        }
        finally { Directory.Delete(empty, true); }
    }

    [Fact]
    public void ConfigFileIsReadAndOptionsOverrideIt()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{"method":"nagan","alpha":0.3,"epochs":7}""");
            var (cfg, resume) = Commands.TrainCommand.Parse(["--config", path, "--epochs", "9", "--resume"]);
            Assert.Equal("nagan", cfg.Method);
            Assert.Equal(0.3f, cfg.Alpha);
            Assert.Equal(9, cfg.Epochs);
            Assert.True(resume);
            File.WriteAllText(path, """{"methd":"nagan"}""");
            var (code, _, err) = Kdgan("train", "--config", path);
            Assert.Equal(2, code);
            Assert.Contains("is not valid", err);
        }
        finally { File.Delete(path); }
    }
}
