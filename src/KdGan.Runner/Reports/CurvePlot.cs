using KdGan.Models.Kdgan;
using KdGan.Models.Training;

namespace KdGan.Runner.Reports;

/// <summary>
/// Learning curves with ScottPlot (`kdgan plot`, and the PNGs of `kdgan reproduce`): test accuracy of C per epoch, one
/// line per method (the mean over its seeds) with a band from the lowest to the highest seed, distinct colours, the game's
/// methods drawn on top, and a y axis zoomed to the data.
/// </summary>
public static class CurvePlot
{
    /// <summary>One line: a label and the curves of its seeds.</summary>
    public sealed record Series(string Label, IReadOnlyList<IReadOnlyList<EpochMetrics>> Seeds, bool Emphasised);

    /// <summary>Series per method from <paramref name="results"/> (of one train size).</summary>
    public static List<Series> ByMethod(IEnumerable<RunResult> results) =>
        results.Where(r => r.Curve.Count > 0).GroupBy(r => r.Method)
            .Select(g => new Series(g.Key, g.Select(r => r.Curve).ToList(), Names.TryParse(g.Key, out Method m) && MethodTable.Of(m).Game))
            .OrderBy(s => s.Emphasised) // drawn last, so on top
            .ToList();

    public static void Save(IReadOnlyList<Series> series, string title, string path, int width = 900, int height = 560, string metric = "accuracy")
    {
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        double lo = double.MaxValue, hi = double.MinValue;
        int i = 0;
        foreach (var s in series)
        {
            var color = palette.GetColor(i++);
            var epochs = s.Seeds.SelectMany(c => c.Select(m => m.Epoch)).Distinct().Order().ToArray();
            var at = epochs.Select(e => s.Seeds.Select(c => c.FirstOrDefault(m => m.Epoch == e)).OfType<EpochMetrics>().Select(m => m.TestAccuracy * 100).ToArray()).ToArray();
            var xs = epochs.Select(e => (double)e).ToArray();
            var mean = at.Select(v => v.Average()).ToArray();
            if (s.Seeds.Count > 1)
            {
                var band = plot.Add.FillY(xs, at.Select(v => v.Min()).ToArray(), at.Select(v => v.Max()).ToArray());
                band.FillColor = color.WithAlpha(0.18);
                band.LineWidth = 0;
            }
            var line = plot.Add.Scatter(xs, mean);
            line.Color = color;
            line.LegendText = s.Seeds.Count > 1 ? $"{s.Label} (mean of {s.Seeds.Count}, band: min-max)" : s.Label;
            line.MarkerSize = s.Emphasised ? 4 : 0;
            line.LineWidth = s.Emphasised ? 2.5f : 1.5f;
            // Zoom to what the curves reach once they are past the first tenth of the run (the early climb would flatten the rest).
            foreach (var v in at.Skip(at.Length / 10).SelectMany(v => v)) (lo, hi) = (Math.Min(lo, v), Math.Max(hi, v));
        }
        if (lo <= hi)
        {
            double pad = Math.Max(0.5, (hi - lo) * 0.08);
            plot.Axes.SetLimitsY(Math.Max(0, lo - pad), Math.Min(100, hi + pad));
        }
        plot.Title(title);
        plot.XLabel("epoch (<= 0: pretraining)");
        plot.YLabel($"test {metric} of C (%)");
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        plot.SavePng(path, width, height);
    }

    /// <summary>One PNG per train size with a line per method; returns the files written.</summary>
    /// <summary>
    /// One PNG per train size with a line per method, and, where both ran, one of NaGAN against KDGAN alone (the paper's
    /// speed claim); returns the files written.
    /// </summary>
    public static IReadOnlyList<string> LearningCurves(IReadOnlyList<RunResult> results, int[] sizes, string outDir, string stem, string metric = "accuracy")
    {
        var files = new List<string>();
        foreach (int n in sizes)
        {
            var atSize = results.Where(r => r.TrainSize == n).ToList();
            string path = Path.Combine(outDir, $"{stem}-n{n}-curves.png");
            Save(ByMethod(atSize), $"{stem}: test {metric} of C, n = {n}", path, metric: metric);
            files.Add(path);
            var game = atSize.Where(r => r.Method is "nagan" or "kdgan").ToList();
            if (game.Select(r => r.Method).Distinct().Count() == 2)
            {
                string gamePath = Path.Combine(outDir, $"{stem}-n{n}-nagan-kdgan.png");
                Save(ByMethod(game), $"{stem}: test {metric} of C, NaGAN against KDGAN, n = {n}", gamePath, metric: metric);
                files.Add(gamePath);
            }
        }
        return files;
    }
}
