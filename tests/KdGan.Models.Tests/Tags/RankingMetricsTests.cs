using KdGan.Models.Experiments.Tags;

namespace KdGan.Models.Tests.Tags;

/// <summary>The ranking metrics on rankings worked out by hand (the authors' definitions: KDGAN.md, RankingMetrics).</summary>
public class RankingMetricsTests
{
    // 1 = the tag at that rank is one of the image's true tags.
    private static bool[] R(params int[] flags) => flags.Select(f => f == 1).ToArray();

    [Fact]
    public void ARankingWithTrueTagsAtRanksOneAndThreeOfFive()
    {
        var r = R(1, 0, 1, 0, 0); // R = 2
        Assert.Equal(2.0 / 3, RankingMetrics.PrecisionAt(r, 3), 12);
        Assert.Equal(2.0 / 5, RankingMetrics.PrecisionAt(r, 5), 12);
        Assert.Equal(1.0 / 2, RankingMetrics.RPrecision(r), 12);          // one true tag in the top R = 2
        Assert.Equal(2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5), RankingMetrics.FAt(r, 3), 12); // = 4/7
        Assert.Equal(4.0 / 7, RankingMetrics.FAt(r, 3), 12);
        Assert.Equal(2 * 0.4 * 0.5 / 0.9, RankingMetrics.FAt(r, 5), 12);  // = 4/9
        Assert.Equal((1.0 / 1 + 2.0 / 3) / 2, RankingMetrics.AveragePrecision(r), 12); // = 5/6
        Assert.Equal(1.0, RankingMetrics.ReciprocalRank(r), 12);
        // DCG@3 = 1/log2(2) + 1/log2(4) = 1.5; ideal: 1/log2(2) + 1/log2(3).
        Assert.Equal(1.5 / (1 + 1 / Math.Log2(3)), RankingMetrics.NdcgAt(r, 3), 12);
        Assert.Equal(1.5 / (1 + 1 / Math.Log2(3)), RankingMetrics.NdcgAt(r, 5), 12);
    }

    [Fact]
    public void APerfectRankingScoresOneExceptWherePrecisionIsCappedByR()
    {
        var r = R(1, 1, 0, 0, 0, 0);
        Assert.Equal(2.0 / 3, RankingMetrics.PrecisionAt(r, 3), 12); // only 2 true tags: P@3 cannot reach 1
        Assert.Equal(1.0, RankingMetrics.RPrecision(r), 12);
        Assert.Equal(1.0, RankingMetrics.AveragePrecision(r), 12);
        Assert.Equal(1.0, RankingMetrics.ReciprocalRank(r), 12);
        Assert.Equal(1.0, RankingMetrics.NdcgAt(r, 3), 12);
        Assert.Equal(1.0, RankingMetrics.NdcgAt(r, 5), 12);
        Assert.Equal(0.8, RankingMetrics.FAt(r, 3), 12); // 2 * (2/3) * 1 / (5/3)
    }

    [Fact]
    public void TheFirstTrueTagAtRankFour()
    {
        var r = R(0, 0, 0, 1, 0, 1, 0); // R = 2
        Assert.Equal(0, RankingMetrics.PrecisionAt(r, 3), 12);
        Assert.Equal(1.0 / 5, RankingMetrics.PrecisionAt(r, 5), 12);
        Assert.Equal(0, RankingMetrics.RPrecision(r), 12);
        Assert.Equal(0, RankingMetrics.FAt(r, 3), 12);            // P = R = 0: F is 0, not NaN
        Assert.Equal(0, RankingMetrics.FAt(r, 5), 12);            // R-precision 0
        Assert.Equal((1.0 / 4 + 2.0 / 6) / 2, RankingMetrics.AveragePrecision(r), 12); // = 7/24
        Assert.Equal(1.0 / 4, RankingMetrics.ReciprocalRank(r), 12);
        Assert.Equal(0, RankingMetrics.NdcgAt(r, 3), 12);
        Assert.Equal((1 / Math.Log2(5)) / (1 + 1 / Math.Log2(3)), RankingMetrics.NdcgAt(r, 5), 12);
    }

    [Fact]
    public void ARankingWithNoTrueTagScoresZeroOnEveryMetric()
    {
        var scores = RankingMetrics.All(R(0, 0, 0, 0));
        Assert.Equal(RankingMetrics.Names.Count, scores.Length);
        Assert.All(scores, s => Assert.Equal(0, s));
        Assert.All(RankingMetrics.All(R()), s => Assert.Equal(0, s)); // an empty ranking too
    }

    [Fact]
    public void KLongerThanTheRankingMeansTheWholeRanking()
    {
        var r = R(0, 1, 1); // the authors' getLength: k > length -> length
        Assert.Equal(2.0 / 3, RankingMetrics.PrecisionAt(r, 5), 12);
        Assert.Equal(RankingMetrics.NdcgAt(r, 3), RankingMetrics.NdcgAt(r, 5), 12);
    }

    [Fact]
    public void RankingSortsByScoreWithTiesToTheLowerTagIndex()
    {
        // Scores of tags 0..4; tags 1 and 3 tie, so tag 1 ranks first of them. True tags {3, 4}.
        var r = RankingMetrics.Rank([0.1f, 0.5f, 0.2f, 0.5f, 0.9f], new[] { 3, 4 });
        Assert.Equal(R(1, 0, 1, 0, 0), r); // order 4, 1, 3, 2, 0
    }

    [Fact]
    public void TheAverageIsPerImageThenOverImages()
    {
        // Two posts of three tags; logits row-major. Post 0 ranks its true tag first, post 1 last.
        float[] scores = [3, 2, 1, 3, 2, 1];
        var m = TagRanking.Average([(scores, [[0], [2]])], 2);
        Assert.Equal((1.0 + 1.0 / 3) / 2, m["MRR"], 12);
        Assert.Equal((1.0 / 3 + 1.0 / 3) / 2, m["P@3"], 12);
        Assert.Equal((1.0 + 1.0 / 3) / 2, m["MAP"], 12);
        Assert.Equal(RankingMetrics.Names, m.Keys);
    }
}
