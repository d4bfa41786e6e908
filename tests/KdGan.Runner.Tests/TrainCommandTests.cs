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
    [InlineData(new[] { "train", "--experiment", "cifar" }, "--experiment must be mnist, fashion-mnist, cifar10, mnist-tags, tags or toy-privileged, got 'cifar'.")]
    [InlineData(new[] { "train", "--method", "gan" }, "--method must be student, mimic, distn, noisy, codis, nagan or kdgan, got 'gan'.")]
    [InlineData(new[] { "train", "--epochs", "many" }, "--epochs expects an integer, got 'many'")]
    [InlineData(new[] { "train", "--device", "tpu" }, "--device must be cpu, cuda, cuda:N, ilgpu-cpu or auto")]
    [InlineData(new[] { "train", "--config", "/nonexistent/config.json" }, "does not exist")]
    [InlineData(new[] { "train", "--learning-rate", "1" }, "Unrecognized command or argument '--learning-rate'.")]
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
            Assert.Equal(3, code); // bad or missing data
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
            Assert.Equal(Models.Kdgan.Method.Nagan, cfg.Method);
            Assert.Equal(0.3f, cfg.Alpha);
            Assert.Equal(9, cfg.Epochs);
            Assert.True(resume);
            File.WriteAllText(path, """{"methd":"nagan"}""");
            var (code, _, err) = Kdgan("train", "--config", path);
            Assert.Equal(2, code);
            Assert.Contains("key 'methd' is not a configuration key", err);
        }
        finally { File.Delete(path); }
    }

    /// <summary>
    /// `--device auto` resolves before the run starts, so a run made with --device cpu resumes under auto on a CPU machine
    /// (the checkpoint's configuration is compared as the method table reads it), while a change that trains otherwise
    /// is refused naming the key.
    /// </summary>
    [Fact]
    public void ResumeComparesTheEffectiveConfigurationAndNamesTheKeysThatDiffer()
    {
        string dir = Directory.CreateTempSubdirectory("kdgan-resume-").FullName;
        try
        {
            string data = TinyMnist.Write(dir, 60);
            string[] Args(string device, params string[] extra) =>
                ["train", "--data-dir", data, "--method", "student", "--train-size", "20", "--validation-size", "20", "--pretrain-epochs", "1",
                 "--epochs", "1", "--device", device, "--out", Path.Combine(dir, "runs"), "--cache-dir", "", .. extra];
            var first = Kdgan(Args("cpu"));
            Assert.True(first.Code == 0, first.Err);
            var again = Kdgan(Args("auto", "--resume", "--beta", "0.5")); // beta: a key the student never reads
            Assert.True(again.Code == 0, again.Err);
            Assert.Contains("resumed from", again.Out);
            var other = Kdgan(Args("cpu", "--resume", "--lr", "0.001"));
            Assert.Equal(4, other.Code); // the checkpoint is of another configuration
            Assert.Contains("different configuration (learningRate 0.0005 -> 0.001)", other.Err);
        }
        finally { Directory.Delete(dir, true); }
    }
}
