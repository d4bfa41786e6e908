namespace KdGan.Runner.Cli;

/// <summary>A command-line usage error: one line naming the option and the bad value, exit code 2, before any work starts.</summary>
public sealed class UsageException(string message) : Exception(message);
