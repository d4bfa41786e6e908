namespace KdGan.Runner.Commands;

/// <summary>
/// Progress of a long run: on a terminal, one bar redrawn in place with the ETA; otherwise (output
/// redirected, or CI set) one plain line per step, so logs stay readable.
/// </summary>
public sealed class Progress(TextWriter output, string label, int total)
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly bool _interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
                                         && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public void Report(int done, string detail)
    {
        double elapsed = _clock.Elapsed.TotalSeconds;
        double eta = done > 0 ? elapsed / done * (total - done) : 0;
        string eta_ = done >= total ? $"done in {Format(elapsed)}" : $"ETA {Format(eta)}";
        if (_interactive)
        {
            const int width = 24;
            int filled = total == 0 ? width : (int)Math.Round(width * (double)done / total);
            output.Write($"\r{label} [{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {detail} {eta_}   ");
            if (done >= total) output.WriteLine();
        }
        else output.WriteLine($"{label} {done}/{total} {detail} ({eta_})");
        output.Flush();
    }

    /// <summary>A message above the bar (ends the bar's line first on a terminal).</summary>
    public void Line(string message)
    {
        if (_interactive) output.Write("\r" + new string(' ', 100) + "\r");
        output.WriteLine(message);
    }

    private static string Format(double seconds) =>
        seconds < 90 ? $"{seconds:F0}s" : seconds < 5400 ? $"{seconds / 60:F1}min" : $"{seconds / 3600:F1}h";
}
