using System.CommandLine;
using System.CommandLine.Help;
using KdGan.Runner.Commands;

namespace KdGan.Runner.Cli;

/// <summary>
/// The `kdgan` command tree on System.CommandLine: one grammar for every command (--name value or --name=value,
/// @response files, help), option names matched in any case, a repeated option refused. A parse error or a
/// <see cref="UsageException"/> prints one line and exits with 2 before any work; a file that is not what it should be
/// exits with 1, naming the file.
/// </summary>
public static class CliApp
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var root = new Command("kdgan", "Knowledge distillation with GANs (KDGAN, Wang et al. 2018) on a .NET tensor stack of its own.");
        root.Options.Add(new HelpOption { Recursive = true });
        root.Options.Add(VerboseOption());
        root.Subcommands.Add(TrainCommand.Build(stdout, stderr));
        root.Subcommands.Add(ReproduceCommand.Build(stdout, stderr));
        root.Subcommands.Add(Sweeps.SweepCommand.Build(stdout, stderr));
        root.Subcommands.Add(EvalCommand.Build(stdout));
        root.Subcommands.Add(PlotCommand.Build(stdout));
        root.Subcommands.Add(ExportCommand.Build(stdout));
        root.Subcommands.Add(DataCommand.Build(stdout, stderr));
        root.Subcommands.Add(DemoCommand.Build(stdout));
        root.Subcommands.Add(BenchCommand.Build(stdout));
        root.Subcommands.Add(Bench.PeerBenchCommand.Build(stdout));
        root.Subcommands.Add(DoctorCommand.Build(stdout));
        var help = new Command("help", "Print this text.");
        help.SetAction(_ => Help(root, [], stdout));
        root.Subcommands.Add(help);
        return root;
    }

    /// <summary>"--ALPHA=0.3" -> "--alpha=0.3": option names in any case; values are left as typed.</summary>
    public static IEnumerable<string> NormalizeNames(IEnumerable<string> args) => args.Select(a =>
    {
        if (!a.StartsWith("--", StringComparison.Ordinal)) return a;
        int eq = a.IndexOf('=');
        return eq < 0 ? a.ToLowerInvariant() : a[..eq].ToLowerInvariant() + a[eq..];
    });

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var root = Build(stdout, stderr);
        if (args.Count == 0)
        {
            Help(root, [], stdout);
            return 2;
        }
        var parsed = root.Parse(NormalizeNames(args).ToArray());
        string path = CommandPath(parsed), command = path.Length > 0 ? "kdgan " + path : "kdgan";
        if (parsed.Errors.Count > 0)
        {
            // The most telling error first: a word it does not know explains "required command was not provided".
            var error = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
            stderr.WriteLine($"{command}: {error.Message}");
            stderr.WriteLine($"Run '{command} --help' for the options.");
            return 2;
        }
        if (parsed.Action is HelpAction) return Help(root, args, stdout);
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            var (code, message) = ExitCodes.Of(e, command);
            stderr.WriteLine(message);
            if (parsed.GetValue<bool>("--verbose")) stderr.WriteLine(e);
            return code;
        }
    }

    /// <summary>--verbose: the stack trace of a failure, after its one-line message.</summary>
    private static Option<bool> VerboseOption() => new("--verbose") { Description = "on a failure, print the stack trace too", Recursive = true };

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var r = parsed.CommandResult; r is not null && r.Command.Name != "kdgan"; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, r.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>Help of the command <paramref name="args"/> name, ending in exactly one newline.</summary>
    private static int Help(Command root, IReadOnlyList<string> args, TextWriter stdout)
    {
        var text = new StringWriter();
        var helpArgs = args.Where(a => a is not ("--help" or "-h" or "-?" or "help")).Append("--help").ToArray();
        root.Parse(NormalizeNames(helpArgs).ToArray()).Invoke(new InvocationConfiguration { Output = text, Error = text });
        stdout.WriteLine(text.ToString().TrimEnd());
        return 0;
    }
}
