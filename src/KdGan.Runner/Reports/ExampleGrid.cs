using KdGan.Models.Training;

namespace KdGan.Runner.Reports;

/// <summary>
/// A PNG grid of examples (grey images, the first channel) with their true and predicted labels under each, drawn with
/// ScottPlot: the ImageSharp drawing package, which would draw text, is not served here, and ImageSharp alone draws no
/// text.
/// </summary>
public static class ExampleGrid
{
    public static void Save(IReadOnlyList<Prediction> examples, IReadOnlyList<string> classNames, string title, string path)
    {
        int columns = Math.Min(4, Math.Max(1, examples.Count)), rows = (examples.Count + columns - 1) / columns;
        var plot = new ScottPlot.Plot();
        for (int i = 0; i < examples.Count; i++)
        {
            var e = examples[i];
            int h = e.InputShape[^2], w = e.InputShape[^1];
            var cells = new double[h, w];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) cells[y, x] = e.Input[y * w + x];
            double left = (i % columns) * 1.2, top = -(i / columns) * 1.45;
            var map = plot.Add.Heatmap(cells);
            map.Colormap = new ScottPlot.Colormaps.Grayscale();
            map.Position = new ScottPlot.CoordinateRect(left, left + 1, top - 1, top);
            var label = plot.Add.Text($"true {Name(classNames, e.True)}, predicted {Name(classNames, e.Predicted)} (p {e.TrueProbability:F2})", left, top - 1.05);
            label.LabelFontSize = 11;
        }
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Title(title);
        plot.Axes.SetLimits(-0.1, columns * 1.2, -(rows * 1.45) - 0.1, 0.1);
        plot.SavePng(path, columns * 230, rows * 270 + 40);
    }

    private static string Name(IReadOnlyList<string> names, int c) => c < names.Count ? names[c] : c.ToString();
}
