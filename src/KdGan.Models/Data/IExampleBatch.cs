using KdGan.Models.Training;
using KdGan.Tensors;

namespace KdGan.Models.Data;

/// <summary>
/// A minibatch as the trainer sees it: labels, and an input for each player. The experiment decides what each one sees:
/// for MNIST every player sees the image; where T has privileged inputs (text, an extra feature) only its input holds
/// them, and C's never does. The caller owns the batch and disposes it.
/// </summary>
public interface IExampleBatch : IDisposable
{
    int Count { get; }

    /// <summary>The class index of each example.</summary>
    int[] Classes { get; }

    /// <summary>What <paramref name="role"/> sees of this batch (owned by the batch).</summary>
    Tensor Input(Role role);
}
