using KdGan.Models.Kdgan;
using KdGan.Models.Training;

namespace KdGan.Runner.Commands;

/// <summary>Learning curves (test accuracy of C per epoch, mean over seeds) drawn with ScottPlot.</summary>
public static class ResultPlots
{
    /// <summary>One PNG per train size with a line per method; returns the files written.</summary>
    public static IReadOnlyList<string> LearningCurves(IReadOnlyList<RunResult> results, int[] sizes, string outDir, string stem)
    {
        var files = new List<string>();
        foreach (int n in sizes)
        {
            var plot = new ScottPlot.Plot();
            foreach (var group in results.Where(r => r.TrainSize == n && r.Curve.Count > 0).GroupBy(r => r.Method))
            {
                var epochs = group.First().Curve.Select(m => m.Epoch).Distinct().Order().ToArray();
                var mean = epochs.Select(e => group.Average(r => r.Curve.Where(m => m.Epoch == e).Select(m => m.TestAccuracy).DefaultIfEmpty(double.NaN).First()) * 100).ToArray();
                var line = plot.Add.Scatter(epochs.Select(e => (double)e).ToArray(), mean);
                line.LegendText = group.Key;
                bool game = Names.TryParse(group.Key, out Method m) && MethodTable.Of(m).Game; // the game's methods stand out
                line.MarkerSize = game ? 4 : 0;
                line.LineWidth = game ? 2 : 1;
            }
            plot.Title($"{stem}: test accuracy of C, n = {n} (epochs <= 0: pretraining)");
            plot.XLabel("epoch");
            plot.YLabel("test accuracy (%)");
            plot.ShowLegend(ScottPlot.Alignment.LowerRight);
            string path = Path.Combine(outDir, $"{stem}-n{n}-curves.png");
            plot.SavePng(path, 900, 560);
            files.Add(path);
        }
        return files;
    }
}
