using KdGan.Autograd;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Nn;

/// <summary>2-D convolution, weight [out, in, k, k] (PyTorch layout and default initialisation).</summary>
public sealed class Conv2d : Layer
{
    public Conv2d(int inChannels, int outChannels, int kernel, Generator gen, int stride = 1, int padding = 0, bool bias = true, Device? device = null)
    {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0)
            throw new ArgumentException($"Conv2d: invalid configuration in={inChannels} out={outChannels} kernel={kernel} stride={stride} padding={padding}.");
        Stride = stride;
        Padding = padding;
        int fanIn = inChannels * kernel * kernel;
        Weight = RegisterParameter("weight", Init.PyTorchDefault([outChannels, inChannels, kernel, kernel], fanIn, gen, device));
        if (bias) Bias = RegisterParameter("bias", Init.PyTorchDefault([outChannels], fanIn, gen, device));
    }

    public int Stride { get; }
    public int Padding { get; }
    public Variable Weight { get; }
    public Variable? Bias { get; }

    public override Variable Forward(Variable x) => Variable.Conv2d(x, Weight, Bias, Stride, Padding);
}
