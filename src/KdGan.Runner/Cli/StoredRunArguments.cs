using System.CommandLine;
using KdGan.Models.Training;
using KdGan.Tensors;

namespace KdGan.Runner.Cli;

/// <summary>What the commands that read a stored run (eval, export) share: the --player option and opening the run.</summary>
public static class StoredRunArguments
{
    public static Option<string> Player() => new("--player") { HelpName = "c|t|d", Description = "the player: c (the classifier), t (the teacher) or d [default: c]" };

    public static Role ParsePlayer(string command, string? value) => (value ?? "c").ToLowerInvariant() switch
    {
        "c" => Role.Student,
        "t" => Role.Teacher,
        "d" => Role.Discriminator,
        var p => throw new UsageException($"{command}: --player must be c, t or d, got '{ConfigOptions.Cut(p)}'."),
    };

    /// <summary>The run folder or checkpoint <paramref name="path"/>; a missing one is a usage error.</summary>
    public static StoredRun Open(string command, string path)
    {
        try { return StoredRun.Open(path, Device.Cpu); }
        catch (FileNotFoundException e) { throw new UsageException($"{command}: {e.Message}"); }
    }
}
