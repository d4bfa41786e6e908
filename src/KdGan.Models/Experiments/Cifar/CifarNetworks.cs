using KdGan.Models.Nn;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Experiments.Cifar;

/// <summary>
/// The three networks of the CIFAR-10 experiment (KDGAN.md, "Model compression"): C a small CNN, T a CIFAR ResNet,
/// D a network of C's size and shape.
/// </summary>
public static class CifarNetworks
{
    /// <summary>
    /// C (and D): conv5x5x64 - relu - pool - conv5x5x64 - relu - pool - FC 384 - relu - FC 192 - relu - dropout - 10:
    /// the paper's "conv64-conv64, FC layers", laid out as the TensorFlow CIFAR-10 tutorial network that the authors'
    /// baseline scripts build on (without its local response normalisation; 2x2 pools). 1.76M parameters.
    /// </summary>
    public static Sequential SmallCnn(Generator init, Generator dropout, float p, Device device) =>
        (Sequential)new Sequential(
            new Conv2d(3, 64, 5, init, padding: 2, device: device), new Relu(), new MaxPool2d(2),
            new Conv2d(64, 64, 5, init, padding: 2, device: device), new Relu(), new MaxPool2d(2),
            new Flatten(),
            new Linear(64 * 8 * 8, 384, init, device: device), new Relu(),
            new Linear(384, 192, init, device: device), new Relu(), new Dropout(p, dropout),
            new Linear(192, 10, init, device: device)).To(device);

    /// <summary>
    /// T: the CIFAR ResNet of depth 6k + 2 (He et al. 2016, section 4.2; 20 and 32 layers in the paper): conv3x3x16 - bn -
    /// relu, three stages of k <see cref="ResidualBlock"/>s of 16, 32 and 64 filters (the second and third start at stride
    /// 2 with option-A shortcuts), global average pooling, FC 10. ResNet-20 has 0.27M parameters.
    /// </summary>
    public static Sequential ResNet(int depth, Generator init, Device device)
    {
        if (depth < 8 || (depth - 2) % 6 != 0) throw new ArgumentException($"ResNet: depth must be 6k + 2 with k >= 1 (20, 32, 44, ...), got {depth}.");
        int blocks = (depth - 2) / 6;
        var layers = new List<Layer> { new Conv2d(3, 16, 3, init, padding: 1, bias: false, device: device), new BatchNorm(16, device: device), new Relu() };
        int channels = 16;
        foreach (int width in new[] { 16, 32, 64 })
            for (int b = 0; b < blocks; b++)
            {
                layers.Add(new ResidualBlock(channels, width, b == 0 && width != 16 ? 2 : 1, init, device));
                channels = width;
            }
        layers.Add(new GlobalAvgPool2d());
        layers.Add(new Linear(64, 10, init, device: device));
        return (Sequential)new Sequential([.. layers]).To(device);
    }
}
