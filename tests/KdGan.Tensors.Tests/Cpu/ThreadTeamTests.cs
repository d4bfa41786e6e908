using KdGan.Tensors.Backends.Cpu;

namespace KdGan.Tensors.Tests.Cpu;

/// <summary>The spinning worker team behind Parallelism: every part once, nested calls, errors, many jobs in a row.</summary>
public class ThreadTeamTests
{
    [Fact]
    public void Every_part_runs_once_over_many_jobs()
    {
        for (int job = 0; job < 2000; job++)
        {
            int parts = 2 + job % 3;
            var hits = new int[parts];
            Parallelism.Run(parts, p => Interlocked.Increment(ref hits[p]));
            Assert.All(hits, h => Assert.Equal(1, h));
        }
    }

    [Fact]
    public void A_part_that_goes_parallel_itself_runs_on_the_pool_and_finishes()
    {
        var sums = new long[2];
        Parallelism.Run(2, outer => Parallelism.Run(2, inner => Interlocked.Add(ref sums[outer], inner + 1)));
        Assert.Equal(new long[] { 3, 3 }, sums);
        // While a job holds the team, a nested request is refused (and Parallelism.Run falls back to the pool).
        var nested = new bool[2];
        OnTeam(2, p => nested[p] = ThreadTeam.TryRun(2, _ => { }));
        Assert.Equal(new[] { false, false }, nested);
    }

    /// <summary>Runs a job on the team, waiting while another test's kernel holds it (TryRun then runs nothing).</summary>
    private static void OnTeam(int parts, Action<int> part)
    {
        while (!ThreadTeam.TryRun(parts, part)) Thread.Yield();
    }

    [Fact]
    public void A_failing_part_surfaces_on_the_caller_and_the_team_stays_usable()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            OnTeam(2, p => { if (p == 1) throw new InvalidOperationException("part 1 failed"); }));
        Assert.Equal("part 1 failed", e.Message);
        int ran = 0;
        OnTeam(2, _ => Interlocked.Increment(ref ran));
        Assert.Equal(2, ran);
    }
}
