using KdGan.Models.Nn;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Experiments.MnistLike;

/// <summary>The three networks of the MNIST experiment (KDGAN.md); Fashion-MNIST uses them too.</summary>
public static class MnistNetworks
{
    /// <summary>C: MLP 784-800-800-10 with ReLU and dropout.</summary>
    public static Sequential Student(Generator init, Generator dropout, float p, Device device) =>
        (Sequential)new Sequential(
            new Flatten(),
            new Linear(784, 800, init, device: device), new Relu(), new Dropout(p, dropout),
            new Linear(800, 800, init, device: device), new Relu(), new Dropout(p, dropout),
            new Linear(800, 10, init, device: device)).To(device);

    /// <summary>
    /// The authors' initialisation, in place: C's MLP Glorot-uniform (their xavier_initializer), the LeNet's weights
    /// truncated normal with sigma 0.1 (slim's LeNet), every bias 0.
    /// </summary>
    public static void AuthorsInit(Sequential net, bool mlp, Generator init)
    {
        foreach (var (name, p) in net.NamedParameters())
        {
            var shape = p.Data.Shape;
            using var v = name.EndsWith("bias", StringComparison.Ordinal) ? Init.Zeros(shape)
                : mlp ? Init.XavierUniform(shape, init) : Init.TruncatedNormal(shape, 0.1f, init);
            using var moved = v.To(p.Data.Device);
            p.Data.CopyFrom(moved);
        }
    }

    /// <summary>T and D: conv5x5x32 - pool - conv5x5x64 - pool - FC 1024 - dropout - 10 (the authors' code).</summary>
    public static Sequential LeNet(Generator init, Generator dropout, float p, Device device) =>
        (Sequential)new Sequential(
            new Conv2d(1, 32, 5, init, padding: 2, device: device), new Relu(), new MaxPool2d(2),
            new Conv2d(32, 64, 5, init, padding: 2, device: device), new Relu(), new MaxPool2d(2),
            new Flatten(),
            new Linear(64 * 7 * 7, 1024, init, device: device), new Relu(), new Dropout(p, dropout),
            new Linear(1024, 10, init, device: device)).To(device);
}
