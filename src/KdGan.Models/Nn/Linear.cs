using KdGan.Autograd;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Nn;

/// <summary>y = x W^T + b, with W [out, in] as in PyTorch (so state dicts interchange), initialised like PyTorch.</summary>
public sealed class Linear : Layer
{
    public Linear(int inFeatures, int outFeatures, Generator gen, bool bias = true, Device? device = null)
    {
        if (inFeatures < 1 || outFeatures < 1) throw new ArgumentException($"Linear: features must be >= 1, got {inFeatures} -> {outFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Init.PyTorchDefault([outFeatures, inFeatures], inFeatures, gen, device));
        if (bias) Bias = RegisterParameter("bias", Init.PyTorchDefault([outFeatures], inFeatures, gen, device));
    }

    public int InFeatures { get; }
    public int OutFeatures { get; }
    public Variable Weight { get; }
    public Variable? Bias { get; }

    public override Variable Forward(Variable x)
    {
        if (x.Shape[-1] != InFeatures)
            throw new ArgumentException($"Linear({InFeatures} -> {OutFeatures}): input has {x.Shape[-1]} features (shape {x.Shape}).");
        return Functional.Linear(x, Weight, Bias);
    }
}
