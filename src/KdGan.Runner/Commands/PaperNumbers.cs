namespace KdGan.Runner.Commands;

/// <summary>The published MNIST accuracies (%, mean of 10 runs; KDGAN.md), and the paper's best (alpha, beta) per size.</summary>
public static class PaperNumbers
{
    public static readonly Dictionary<string, Dictionary<int, double>> Mnist = new()
    {
        ["student"] = new() { [100] = 54.94, [1000] = 86.57, [10000] = 97.13 },
        ["nagan"] = new() { [100] = 64.90, [1000] = 93.60, [10000] = 98.95 },
        ["mimic"] = new() { [100] = 67.35, [1000] = 93.78, [10000] = 98.65 },
        ["distn"] = new() { [100] = 68.34, [1000] = 93.97, [10000] = 98.79 },
        ["noisy"] = new() { [100] = 66.53, [1000] = 93.45, [10000] = 98.58 },
        ["kdgan"] = new() { [100] = 77.95, [1000] = 96.42, [10000] = 99.25 },
    };

    /// <summary>The authors' best (alpha, beta) in the paper's convention.</summary>
    public static (float Alpha, float Beta) BestAlphaBeta(int trainSize) => trainSize switch
    {
        <= 100 => (0.1f, 2.0f),
        <= 1000 => (0.1f, 0.25f),
        _ => (0.2f, 2.0f),
    };
}
