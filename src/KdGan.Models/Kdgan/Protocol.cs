namespace KdGan.Models.Kdgan;

/// <summary>The training protocol of a run: how the methods are budgeted, trained and selected (docs/results/README.md).</summary>
public enum Protocol
{
    /// <summary>Ours: every method the same budget and augmentation, selection on validation, balanced class subsets.</summary>
    Fair,
    /// <summary>A replay of the authors' MNIST code (<see cref="AuthorsProtocol"/>; ../shared/design/AUTHORS-PROTOCOL.md).</summary>
    Authors,
}

/// <summary>How D's training pairs are drawn (Eq. 8 and the authors' samplers).</summary>
public enum DSampler
{
    /// <summary>One true label (target 1) against dNegatives labels from each generator's eval-mode softmax (target 0),
    /// the two sides weighted equally: D's optimum is 1/2 at perfect generators (the log 4 equilibrium).</summary>
    Balanced,
    /// <summary>The authors' KDGAN: per generator, the true label 5 times (target 1) and dNegatives draws from its
    /// train-mode softmax (target 0), the true label allowed among them; one mean over the 5 + dNegatives pairs. With
    /// perfect generators D* = 5 p / (5 p + 20 p) = 0.2 on the true label, so the reward keeps carrying label information.</summary>
    Authors,
    /// <summary>The authors' NaGAN: the true label 5 times with soft targets U(0.7, 1), dNegatives draws from the
    /// generator's train-mode softmax with the true class excluded, soft targets U(0, 0.3).</summary>
    Soft,
}
