namespace KdGan.Models.Experiments.Tags;

/// <summary>
/// The paper's tag-ranking metrics for one image, as the authors' evaluation (jingwei/basic/metric.py, eval_pickle.py)
/// computes them, then averaged over images by <see cref="TagRanking"/>. <c>relevant</c> is the ranking read top-down:
/// element i is whether the tag ranked (i + 1)-th is one of the image's true tags; R is how many of them there are.
/// An image with no true tag scores 0 on every metric (the authors' code divides by zero there).
/// </summary>
public static class RankingMetrics
{
    /// <summary>The metrics in table order; P@3 (the first) selects models.</summary>
    public static readonly IReadOnlyList<string> Names = ["P@3", "P@5", "F@3", "F@5", "MAP", "MRR", "NDCG@3", "NDCG@5"];

    /// <summary>All of <see cref="Names"/> for one ranking, in that order.</summary>
    public static double[] All(ReadOnlySpan<bool> relevant) =>
    [
        PrecisionAt(relevant, 3), PrecisionAt(relevant, 5), FAt(relevant, 3), FAt(relevant, 5),
        AveragePrecision(relevant), ReciprocalRank(relevant), NdcgAt(relevant, 3), NdcgAt(relevant, 5),
    ];

    /// <summary>How many of the ranked tags are true tags (R).</summary>
    public static int Relevant(ReadOnlySpan<bool> relevant)
    {
        int r = 0;
        foreach (bool x in relevant) if (x) r++;
        return r;
    }

    /// <summary>P@k = (true tags in the top k) / k; k longer than the ranking means the whole ranking.</summary>
    public static double PrecisionAt(ReadOnlySpan<bool> relevant, int k)
    {
        int length = k > relevant.Length || k <= 0 ? relevant.Length : k;
        return length == 0 ? 0 : Relevant(relevant[..length]) / (double)length;
    }

    /// <summary>
    /// The authors' "R@k": R-precision, (true tags in the top R) / R with R the number of true tags. It ignores k, so
    /// their R@3 and R@5 are the same number.
    /// </summary>
    public static double RPrecision(ReadOnlySpan<bool> relevant)
    {
        int r = Relevant(relevant);
        return r == 0 ? 0 : Relevant(relevant[..r]) / (double)r;
    }

    /// <summary>F@k = 2 P R / (P + R), the harmonic mean of P@k and <see cref="RPrecision"/> (0 when both are 0).</summary>
    public static double FAt(ReadOnlySpan<bool> relevant, int k)
    {
        double p = PrecisionAt(relevant, k), r = RPrecision(relevant);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /// <summary>AP = (1 / R) sum over the ranks i of true tags of (true tags in the top i) / i, over the whole ranking.</summary>
    public static double AveragePrecision(ReadOnlySpan<bool> relevant)
    {
        int r = Relevant(relevant);
        if (r == 0) return 0;
        double ap = 0;
        int hits = 0;
        for (int i = 0; i < relevant.Length; i++)
            if (relevant[i]) ap += ++hits / (i + 1.0);
        return ap / r;
    }

    /// <summary>RR = 1 / (rank of the first true tag), 0 when there is none.</summary>
    public static double ReciprocalRank(ReadOnlySpan<bool> relevant)
    {
        int first = relevant.IndexOf(true);
        return first < 0 ? 0 : 1.0 / (first + 1);
    }

    /// <summary>
    /// NDCG@k = DCG@k / ideal DCG@k with DCG@k = sum_{i &lt; k} (2^rel_i - 1) / log2(i + 2) (the authors' NDCG2 scorer):
    /// with binary relevance each true tag at 0-based rank i gains 1 / log2(i + 2), and the ideal ranking puts the R
    /// true tags first.
    /// </summary>
    public static double NdcgAt(ReadOnlySpan<bool> relevant, int k)
    {
        int length = k > relevant.Length || k <= 0 ? relevant.Length : k;
        int r = Relevant(relevant);
        if (r == 0) return 0;
        double dcg = 0, ideal = 0;
        for (int i = 0; i < length; i++)
        {
            double discount = 1 / Math.Log2(i + 2);
            if (relevant[i]) dcg += discount;
            if (i < r) ideal += discount;
        }
        return dcg / ideal;
    }

    /// <summary>
    /// The ranking of <paramref name="scores"/> (highest first; ties by the lower tag index, as the authors' stable sort)
    /// as relevance flags against <paramref name="trueTags"/>.
    /// </summary>
    public static bool[] Rank(ReadOnlySpan<float> scores, IReadOnlyCollection<int> trueTags)
    {
        var order = new int[scores.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var s = scores.ToArray();
        Array.Sort(order, (a, b) => s[a] != s[b] ? s[b].CompareTo(s[a]) : a.CompareTo(b));
        var relevant = new bool[order.Length];
        for (int i = 0; i < order.Length; i++) relevant[i] = trueTags.Contains(order[i]);
        return relevant;
    }
}
