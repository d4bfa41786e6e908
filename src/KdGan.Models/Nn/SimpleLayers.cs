using KdGan.Autograd;

namespace KdGan.Models.Nn;

// Parameter-free layers.

public sealed class Relu : Layer
{
    public override Variable Forward(Variable x) => x.Relu();
}

public sealed class LeakyRelu(float slope = 0.01f) : Layer
{
    public float Slope { get; } = slope;
    public override Variable Forward(Variable x) => x.LeakyRelu(Slope);
}

public sealed class Tanh : Layer
{
    public override Variable Forward(Variable x) => x.Tanh();
}

/// <summary>Flattens every axis from <paramref name="startAxis"/> on (default: all but the batch axis).</summary>
public sealed class Flatten(int startAxis = 1) : Layer
{
    public override Variable Forward(Variable x) => x.Flatten(startAxis);
}

public sealed class MaxPool2d(int kernel, int stride = -1, int padding = 0) : Layer
{
    public override Variable Forward(Variable x) => x.MaxPool2d(kernel, stride, padding);
}

public sealed class AvgPool2d(int kernel, int stride = -1, int padding = 0) : Layer
{
    public override Variable Forward(Variable x) => x.AvgPool2d(kernel, stride, padding);
}

/// <summary>Mean over the spatial axes: [N, C, H, W] -> [N, C].</summary>
public sealed class GlobalAvgPool2d : Layer
{
    public override Variable Forward(Variable x)
    {
        if (x.Rank != 4) throw new ArgumentException($"GlobalAvgPool2d: expects [N, C, H, W], got {x.Shape}.");
        return x.Mean([2, 3]);
    }
}

/// <summary>Applies its layers in order.</summary>
public sealed class Sequential : Layer
{
    private readonly List<Layer> _layers = [];

    public Sequential(params Layer[] layers)
    {
        for (int i = 0; i < layers.Length; i++) _layers.Add(RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), layers[i]));
    }

    public IReadOnlyList<Layer> Layers => _layers;

    public override Variable Forward(Variable x)
    {
        Variable h = x;
        foreach (var layer in _layers)
        {
            var next = layer.Forward(h);
            if (!ReferenceEquals(h, x)) h.Data.Dispose(); // intermediate values; the graph keeps what backward needs
            h = next;
        }
        return ReferenceEquals(h, x) ? x.Reshape(x.Shape.ToArray()) : h;
    }
}
