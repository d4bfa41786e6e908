namespace KdGan.Models.Kdgan;

public sealed partial class ExperimentConfig
{
    /// <summary>CIFAR-10: the depth of the ResNet teacher, 6k + 2 (20 and 32 in the paper).</summary>
    public int ResnetDepth { get; set; } = 20;
}
