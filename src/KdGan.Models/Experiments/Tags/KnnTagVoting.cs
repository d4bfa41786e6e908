using System.Numerics.Tensors;
using KdGan.Models.Data;

namespace KdGan.Models.Experiments.Tags;

/// <summary>
/// The tag-relevance baseline of the paper's table, KNN tag voting: a post's tags are scored by the votes of its k
/// nearest labelled posts, nearest by Euclidean distance on C's input (the image or feature vector), each neighbour
/// voting its tag distribution (multi-hot / tag count). k is chosen by P@3 on the validation posts. No training.
/// </summary>
public static class KnnTagVoting
{
    /// <summary>The neighbour counts tried on validation.</summary>
    public static readonly IReadOnlyList<int> Candidates = [1, 3, 5, 10, 20, 50];

    /// <summary>k picked on <paramref name="validation"/> (the smallest on a tie), and the test scores with it.</summary>
    public static (int K, IReadOnlyDictionary<string, double> Test) Run(TagBatchSource labeled, TagBatchSource validation, TagBatchSource test)
    {
        var ks = Candidates.Where(k => k <= labeled.Count).DefaultIfEmpty(labeled.Count).ToArray();
        int best = ks.MaxBy(k => (Score(labeled, validation, k)[RankingMetrics.Names[0]], -k));
        return (best, Score(labeled, test, best));
    }

    /// <summary>Every ranking metric of the votes of the <paramref name="k"/> nearest <paramref name="labeled"/> posts, over <paramref name="queries"/>.</summary>
    public static IReadOnlyDictionary<string, double> Score(TagBatchSource labeled, TagBatchSource queries, int k)
    {
        int d = labeled.Data.InputSize, tags = labeled.TagVocabulary.Count;
        var reference = Inputs(labeled);
        var norms = Enumerable.Range(0, labeled.Count).Select(i => TensorPrimitives.Dot<float>(reference.AsSpan(i * d, d), reference.AsSpan(i * d, d))).ToArray();
        var query = new float[d];
        var distances = new float[labeled.Count];
        var order = new int[labeled.Count];
        var rows = new List<(float[], int[][])>();
        foreach (int q in queries.Indices)
        {
            queries.Data.CopyInput(q, query);
            float qq = TensorPrimitives.Dot<float>(query, query);
            for (int i = 0; i < labeled.Count; i++)
            {
                distances[i] = norms[i] + qq - 2 * TensorPrimitives.Dot<float>(reference.AsSpan(i * d, d), query);
                order[i] = i;
            }
            Array.Sort(order, (a, b) => distances[a] != distances[b] ? distances[a].CompareTo(distances[b]) : a.CompareTo(b));
            var votes = new float[tags];
            foreach (int n in order.Take(k))
            {
                var t = labeled.TagsOf(labeled.Indices[n]);
                foreach (int tag in t) votes[tag] += 1f / t.Count;
            }
            rows.Add((votes, [queries.TagsOf(q).ToArray()]));
        }
        return TagRanking.Average(rows, queries.Count);
    }

    private static float[] Inputs(TagBatchSource source)
    {
        int d = source.Data.InputSize;
        var all = new float[source.Count * d];
        for (int i = 0; i < source.Count; i++) source.Data.CopyInput(source.Indices[i], all.AsSpan(i * d, d));
        return all;
    }
}
