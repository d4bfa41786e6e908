using KdGan.Autograd;
using KdGan.Models.Data;
using KdGan.Tensors;

namespace KdGan.Models.Training;

/// <summary>Summed losses of one or more passes and the number of steps they came from.</summary>
public sealed class LossSums(int terms)
{
    private readonly double[] _sums = new double[terms];

    public int Steps { get; private set; }

    public void Add(IReadOnlyList<float> losses)
    {
        for (int i = 0; i < _sums.Length; i++) _sums[i] += losses[i];
        Steps++;
    }

    /// <summary>The mean of term <paramref name="i"/> over the steps (0 after none).</summary>
    public double Mean(int i = 0) => _sums[i] / Math.Max(1, Steps);
}

/// <summary>
/// The one training-step skeleton every method uses, and the one way to read a player as a frozen function.
/// </summary>
public static class TrainingStep
{
    /// <summary>
    /// One pass of <paramref name="owner"/> over <paramref name="data"/> (its next epoch of the shuffle): for each batch,
    /// the <paramref name="trained"/> players in train mode with zeroed gradients, the losses from
    /// <paramref name="losses"/> (one per trained player), one backward pass through their sum, one optimizer step each.
    /// </summary>
    public static void Pass(LossSums sums, DataLoader<IExampleBatch> data, Player owner, IReadOnlyList<Player> trained,
        Func<IExampleBatch, IReadOnlyList<Variable>> losses, TrainingContext ctx)
    {
        int step = 0;
        foreach (var batch in data.Epoch(owner.Passes++))
            using (batch)
            using (var scope = TensorScope.Begin())
            {
                ctx.Position.Step = ++step;
                if (ctx.Cancel.IsCancellationRequested) throw new RunInterruptedException($"interrupted in {ctx.Position}", ctx.Position);
                foreach (var p in trained)
                {
                    p.Net.Train();
                    p.Optimizer.ZeroGrad();
                }
                var ls = losses(batch);
                var total = ls[0];
                for (int i = 1; i < ls.Count; i++) total += ls[i];
                total.Backward();
                var values = RequireFinite(ls, trained, ctx);
                ctx.FirstLoss.TryAdd(owner.Role, values[0]);
                foreach (var p in trained) p.Optimizer.Step();
                sums.Add(values);
                ctx.StepDone?.Invoke(owner);
            }
    }

    /// <summary>
    /// Throws <see cref="DivergenceException"/> when a loss or a trained player's gradient is NaN or infinite (a sum of
    /// the gradient's elements is non-finite exactly when one of them is, or when they overflow together).
    /// </summary>
    /// <returns>The losses' values (each read from the device once).</returns>
    private static float[] RequireFinite(IReadOnlyList<Variable> losses, IReadOnlyList<Player> trained, TrainingContext ctx)
    {
        string where = $" in {ctx.Position}";
        var values = new float[losses.Count];
        for (int i = 0; i < losses.Count; i++)
        {
            float v = values[i] = losses[i].Item();
            if (!float.IsFinite(v)) throw new DivergenceException($"the loss of {trained[Math.Min(i, trained.Count - 1)].Name.ToUpperInvariant()} is {v}{where}");
        }
        foreach (var p in trained)
            foreach (var (name, param) in p.Net.NamedParameters())
                if (param.Grad is { } g)
                {
                    using var sum = g.Sum();
                    float s = sum.Item();
                    if (!float.IsFinite(s)) throw new DivergenceException($"the gradient of {p.Name.ToUpperInvariant()}'s {name} is not finite (its sum is {s}){where}");
                }
        return values;
    }

    /// <summary>One pass of a single player on one loss; returns its mean.</summary>
    public static double Pass(DataLoader<IExampleBatch> data, Player player, Func<IExampleBatch, Variable> loss, TrainingContext ctx)
    {
        var sums = new LossSums(1);
        Pass(sums, data, player, [player], b => [loss(b)], ctx);
        return sums.Mean();
    }

    /// <summary>The logits of <paramref name="player"/> on what it sees of <paramref name="batch"/>, in eval mode, as constants.</summary>
    public static Tensor Frozen(Player player, IExampleBatch batch)
    {
        player.Net.Eval();
        using var noGrad = GradMode.NoGrad();
        using var z = player.Net.Forward(new Variable(batch.Input(player.Role)));
        return z.Data.Clone();
    }

    /// <summary>
    /// The logits of <paramref name="player"/> in train mode (dropout on, its own dropout stream advancing) as constants:
    /// what the authors' code samples labels from and reads D's rewards from.
    /// </summary>
    public static Tensor Sampled(Player player, IExampleBatch batch)
    {
        player.Net.Train();
        using var noGrad = GradMode.NoGrad();
        using var z = player.Net.Forward(new Variable(batch.Input(player.Role)));
        return z.Data.Clone();
    }

    /// <summary>
    /// The supervised loss of logits <paramref name="z"/> on <paramref name="batch"/>'s true labels: the mean cross-entropy
    /// -sum_y p(y|x) log softmax(z)_y, with p one-hot (single label) or the batch's <see cref="IExampleBatch.Targets"/>
    /// (normalised multi-hot, the authors' softmax cross-entropy for tags).
    /// </summary>
    public static Variable Supervised(Variable z, IExampleBatch batch)
    {
        if (batch.Targets is not { } targets) return Functional.CrossEntropy(z, batch.Classes);
        return Functional.CrossEntropy(z, new Variable(targets)); // a view of the batch's tensor: the batch disposes it
    }

    /// <summary><paramref name="player"/>'s logits on its input, with gradient (the caller trains it).</summary>
    public static Variable Logits(Player player, IExampleBatch batch) => player.Net.Forward(new Variable(batch.Input(player.Role)));
}
