namespace KdGan.Models.Kdgan;

/// <summary>The training modes of the one trainer: KDGAN and the baselines of the paper (the rules of each: <see cref="MethodTable"/>).</summary>
public enum Method
{
    /// <summary>Cross-entropy on the labels only.</summary>
    Student,
    /// <summary>L2 on logits towards the pretrained teacher (Ba and Caruana, 2014).</summary>
    Mimic,
    /// <summary>Hinton distillation: (1 - p) CE + p T^2 KL at temperature T.</summary>
    Distn,
    /// <summary>MIMIC towards teacher logits with multiplicative noise (Sau and Balasubramanian, 2016).</summary>
    Noisy,
    /// <summary>Codistillation: C and T trained together from scratch, each distilling from the other.</summary>
    Codis,
    /// <summary>Two-player GAN: C generates labels, D judges; no teacher.</summary>
    Nagan,
    /// <summary>The three-player game: C, T and D.</summary>
    Kdgan,
}

/// <summary>How the generators (C, T) get gradients through discrete labels.</summary>
public enum AdversarialMode
{
    /// <summary>Straight-through Gumbel-softmax (the paper): one-hot forward, soft backward, tau annealed.</summary>
    Gumbel,
    /// <summary>The authors' released code: BCE of the sampled label's logit against D's score (no gradient through the sample).</summary>
    Reward,
}

/// <summary>The distillation loss L_ds.</summary>
public enum DistillLoss
{
    /// <summary>0.5 ||z_t - z_c||^2 averaged over the batch (the paper's default).</summary>
    L2,
    /// <summary>T^2 KL(softmax(z_t / T) || softmax(z_s / T)).</summary>
    Kl,
}

/// <summary>Where the experiment's training augmentation applies.</summary>
public enum Augment
{
    /// <summary>The experiment's choice (<see cref="Experiments.ExperimentEntry.AutoAugment"/>).</summary>
    Auto,
    /// <summary>Every pass of every method, pretraining included.</summary>
    All,
    /// <summary>The main phase only (the authors' code: its pretraining reads no augmentation).</summary>
    Main,
    /// <summary>Never.</summary>
    Off,
}
