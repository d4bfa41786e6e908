using KdGan.Autograd;
using KdGan.Models.Data;
using KdGan.Models.Nn;
using KdGan.Models.Training;
using KdGan.Tensors;

namespace KdGan.Models.Experiments.Tags;

/// <summary>
/// Tag ranking scores (<see cref="RankingMetrics"/>): each post's tags ranked by the network's logits (eval mode),
/// scored against its true tags, then averaged over the posts. P@3 is the one that selects models.
/// </summary>
public sealed class TagRanking : IMetric
{
    public static readonly TagRanking Instance = new();

    public string Name => RankingMetrics.Names[0];

    public IReadOnlyList<string> AllNames => RankingMetrics.Names;

    public double Evaluate(Sequential net, Role role, IBatchSource<IExampleBatch> data, Device device) =>
        EvaluateAll(net, role, data, device)[Name];

    public IReadOnlyDictionary<string, double> EvaluateAll(Sequential net, Role role, IBatchSource<IExampleBatch> data, Device device)
    {
        net.Eval();
        var loader = new DataLoader<IExampleBatch>(data, 500, 0, shuffle: false, device: device);
        using var noGrad = GradMode.NoGrad();
        return Average(loader.Epoch(0).Select(batch =>
        {
            using (batch)
            using (var scope = TensorScope.Begin())
            {
                var z = net.Forward(new Variable(batch.Input(role)));
                return (z.Data.ToArray(), TrueTags(batch));
            }
        }), data.Count);
    }

    /// <summary>The mean of every metric over posts, given batches of (logits [b, K] row-major, true tags per post).</summary>
    public static IReadOnlyDictionary<string, double> Average(IEnumerable<(float[] Scores, int[][] TrueTags)> batches, int posts)
    {
        var sums = new double[RankingMetrics.Names.Count];
        int seen = 0;
        foreach (var (scores, tags) in batches)
        {
            int k = tags.Length == 0 ? 0 : scores.Length / tags.Length;
            for (int i = 0; i < tags.Length; i++, seen++)
            {
                var m = RankingMetrics.All(RankingMetrics.Rank(scores.AsSpan(i * k, k), tags[i]));
                for (int j = 0; j < sums.Length; j++) sums[j] += m[j];
            }
        }
        if (seen != posts) throw new InvalidOperationException($"TagRanking: scored {seen} posts of {posts}.");
        return RankingMetrics.Names.Select((n, j) => (n, j)).ToDictionary(x => x.n, x => sums[x.j] / Math.Max(1, seen));
    }

    private static int[][] TrueTags(IExampleBatch batch) => batch is TagBatch t ? t.TagIds
        : throw new ArgumentException($"TagRanking scores tag-recommendation batches, got {batch.GetType().Name}.");
}
