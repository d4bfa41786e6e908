using KdGan.Models.Nn;
using KdGan.Models.Optim;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Training;

/// <summary>
/// One network of the game with everything that makes its training reproducible on its own: its optimizer,
/// its own initialisation and dropout generators (derived from the run seed and its key, so C, T and D get
/// the same weights whatever other players exist), and how many passes over the data it has made.
/// </summary>
public sealed class Player : IDisposable
{
    public Player(Role role, ulong seed, Func<Generator, Generator, Sequential> build, float learningRate)
    {
        Role = role;
        ulong key = 0;
        foreach (char ch in Name) key = key * 131 + ch;
        Init = new Generator(PhiloxRandom.Mix(seed, 0x696E6974, key));    // "init"
        Dropout = new Generator(PhiloxRandom.Mix(seed, 0x64726F70, key)); // "drop"
        Net = build(Init, Dropout);
        _learningRate = learningRate;
        Optimizer = new Adam(Net.Parameters(), learningRate);
    }

    private readonly float _learningRate;

    public Role Role { get; }

    /// <summary>"c", "t" or "d": the key of this player's state in checkpoints.</summary>
    public string Name => Role.Key();
    public Sequential Net { get; }
    public Adam Optimizer { get; private set; }

    /// <summary>
    /// A fresh Adam for a new objective (the main phase after pretraining), as the authors' code does with a
    /// separate training op per phase: moments tuned to the cross-entropy's gradient scale would otherwise
    /// turn the first steps on a loss of another scale into steps many times the learning rate.
    /// </summary>
    public void ResetOptimizer(float learningRate = 0)
    {
        Optimizer.Dispose();
        Optimizer = new Adam(Net.Parameters(), learningRate > 0 ? learningRate : _learningRate);
    }
    public Generator Init { get; }
    public Generator Dropout { get; }

    /// <summary>Passes over the labelled data so far (each pass has its own shuffle).</summary>
    public int Passes { get; set; }

    public void Dispose()
    {
        Net.Dispose();
        Optimizer.Dispose();
    }
}
