namespace KdGan.Models.Training;

/// <summary>Where a run is: the phase ("pretrain T", "pretrain", "game", "train"), the epoch and the step within the current pass.</summary>
public sealed class RunPosition
{
    public string Phase { get; set; } = "pretrain";
    public int Epoch { get; set; }
    public int Step { get; set; }

    public override string ToString() => $"{Phase} epoch {Epoch} step {Step}";
}

/// <summary>
/// A player's loss or gradient stopped being a finite number: the run stops at once, before the optimizer step that
/// would have spread it into the weights. The message names the player, the phase, the epoch, the step and the value.
/// </summary>
public sealed class DivergenceException(string message) : Exception(message);

/// <summary>The run was interrupted (Ctrl+C, SIGTERM) after finishing a step; the last epoch's checkpoint is on disk.</summary>
public sealed class RunInterruptedException(string message, RunPosition position) : OperationCanceledException(message)
{
    public RunPosition Position { get; } = position;
}
