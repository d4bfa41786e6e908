using KdGan.Autograd;
using KdGan.Models.Training;

namespace KdGan.Models.Kdgan;

/// <summary>
/// The L2 term s * 0.5 * sum w^2 (TensorFlow's l2_regularizer, as the authors' code adds it to a loss) of
/// <see cref="ExperimentConfig.WeightDecay"/>: over T's and D's weights (not biases) whenever they train, and over C's
/// weights and biases in KDGAN's game (<see cref="AuthorsProtocol.WeightDecayCoversBiases"/>). Null where it does not apply.
/// </summary>
public static class WeightDecay
{
    public static Variable? Term(TrainingContext ctx, Player player, bool inGame)
    {
        float s = ctx.Config.WeightDecay;
        if (s == 0) return null;
        if (player.Role == Role.Student && !(inGame && ctx.HasTeacher)) return null;
        bool biases = AuthorsProtocol.WeightDecayCoversBiases(player.Role);
        Variable? sum = null;
        foreach (var (name, p) in player.Net.NamedParameters())
        {
            if (!biases && name.EndsWith("bias", StringComparison.Ordinal)) continue;
            using var sq = p.Square();
            var part = sq.Sum();
            if (sum is null) { sum = part; continue; }
            var next = sum + part;
            sum.Dispose();
            part.Dispose();
            sum = next;
        }
        if (sum is null) return null;
        var term = sum * (0.5f * s);
        sum.Dispose();
        return term;
    }

    /// <summary><paramref name="loss"/> plus the player's L2 term where it applies.</summary>
    public static Variable Add(Variable loss, TrainingContext ctx, Player player, bool inGame) =>
        Term(ctx, player, inGame) is { } l2 ? loss + l2 : loss;
}
