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

    /// <summary>
    /// The class index of each example. Where an example has several true labels (tags), one of them drawn for this batch
    /// from <see cref="Targets"/>: a sample of the true label distribution p(y|x), which D's positives and probes read.
    /// </summary>
    int[] Classes { get; }

    /// <summary>
    /// float32 [batch, classes]: the true label distribution of each example (a multi-hot row normalised to sum 1), or
    /// null for single-label data, where it is the one-hot row of <see cref="Classes"/>.
    /// </summary>
    Tensor? Targets => null;

    /// <summary>What <paramref name="role"/> sees of this batch (owned by the batch).</summary>
    Tensor Input(Role role);
}
