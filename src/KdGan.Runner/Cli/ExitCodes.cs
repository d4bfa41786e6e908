using KdGan.Models.Checkpoints;
using KdGan.Models.Data;
using KdGan.Models.Training;

namespace KdGan.Runner.Cli;

/// <summary>
/// The one place that turns a failure into a message and an exit code (docs/exit-codes.md lists them). Every message is
/// one line naming the option, file or operation; a stack trace only with --verbose.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Anything unexpected (a bug of ours, or the system refusing an operation).</summary>
    public const int Unexpected = 1;
    /// <summary>Bad usage or configuration, or a run folder in use by another process.</summary>
    public const int Usage = 2;
    /// <summary>Bad or missing data.</summary>
    public const int Data = 3;
    /// <summary>A bad checkpoint.</summary>
    public const int Checkpoint = 4;
    /// <summary>A run stopped because a loss or gradient stopped being finite.</summary>
    public const int Diverged = 5;
    /// <summary>Interrupted by Ctrl+C or SIGTERM (128 + SIGINT).</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code and the message for <paramref name="e"/>, raised by <paramref name="command"/> ("kdgan train").</summary>
    public static (int Code, string Message) Of(Exception e, string command) => e switch
    {
        UsageException u => (Usage, $"kdgan {u.Message}\nRun '{command} --help' for the options."),
        RunLockedException => (Usage, $"{command}: {e.Message}"),
        DataFormatException or DataNotFoundException => (Data, $"{command}: {e.Message}"),
        FileNotFoundException or DirectoryNotFoundException => (Data, $"{command}: {e.Message}"),
        CheckpointFormatException => (Checkpoint, $"{command}: {e.Message}"),
        DivergenceException => (Diverged, $"{command}: diverged: {e.Message}"),
        UnauthorizedAccessException or IOException => (Unexpected, $"{command}: {e.Message}"),
        _ => (Unexpected, $"{command}: unexpected {e.GetType().Name}: {e.Message} (rerun with --verbose for the stack trace, and please report it)"),
    };
}
