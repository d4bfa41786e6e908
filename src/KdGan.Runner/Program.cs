using KdGan.Runner.Cli;

namespace KdGan.Runner;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs a command; returns the exit code (0 ok, 1 failure, 2 usage error).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) => CliApp.Run(args, stdout, stderr);
}
