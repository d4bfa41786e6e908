using KdGan.Runner.Bench;

namespace KdGan.Runner.Tests;

/// <summary>kdgan bench-peer: the ratio table from result files, and its errors (no timing runs here).</summary>
public class PeerBenchTests
{
    private static string Folder()
    {
        string dir = Path.Combine(Path.GetTempPath(), "kdgan-peer-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string Ours(string key, int threads, double seconds) =>
        $$"""{"key":"{{key}}","threads":{{threads}},"median_s":{{seconds}}}""";

    private static string Peer(string section, string @case, int threads, double seconds) =>
        $$"""{"section":"{{section}}","case":"{{@case}}","threads":{{threads}},"median_s":{{seconds}}}""";

    [Fact]
    public void Table_keeps_the_best_pass_of_each_side_and_divides()
    {
        string dir = Folder();
        try
        {
            foreach (var (pass, ours, peer) in new[] { ("pass1", 0.030, 0.020), ("pass2", 0.024, 0.025) })
            {
                Directory.CreateDirectory(Path.Combine(dir, pass));
                File.WriteAllLines(Path.Combine(dir, pass, "ours-t1.jsonl"), [Ours("sgemm-1024", 1, ours)]);
                File.WriteAllLines(Path.Combine(dir, pass, "peer-t1.jsonl"),
                    [Peer("1. matmul", "1024x1024", 1, peer), Peer("9. other", "unrelated", 1, 1.0)]);
            }
            string table = PeerComparison.Table(dir);
            Assert.Contains("| SGEMM 1024 | 1.20 | n/a |", table); // 0.024 / 0.020
            Assert.Contains("| sgemm-1024 | 24.0 / 20.0 | n/a / n/a |", table);
            Assert.Contains("best of 2 pass medians", table);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_broken_line_is_named_by_file_and_line()
    {
        string dir = Folder();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "pass1"));
            File.WriteAllLines(Path.Combine(dir, "pass1", "ours-t1.jsonl"), [Ours("sgemm-1024", 1, 0.02), "{not json"]);
            var e = Assert.Throws<InvalidDataException>(() => PeerComparison.Table(dir));
            Assert.Contains("ours-t1.jsonl, line 2: not JSON", e.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Usage_errors_exit_2_with_one_line()
    {
        var (code, _, err) = TinyMnist.Kdgan("bench-peer", "table", "/no/such/folder");
        Assert.Equal(2, code);
        Assert.Contains("no folder", err);
        (code, _, err) = TinyMnist.Kdgan("bench-peer", "run", "--only", "sgemm-9999");
        Assert.Equal(2, code);
        Assert.Contains("sgemm-9999", err);
        string dir = Folder();
        try
        {
            (code, _, err) = TinyMnist.Kdgan("bench-peer", "table", dir);
            Assert.NotEqual(0, code);
            Assert.Contains("no pass* folders", err);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
