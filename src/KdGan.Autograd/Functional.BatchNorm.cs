using KdGan.Tensors;

namespace KdGan.Autograd;

public static partial class Functional
{
    /// <summary>
    /// PyTorch's batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps) over every axis of
    /// input [N, C, ...] but the channels (axis 1): y = weight (x - mean) / sqrt(var + eps) + bias.
    /// <list type="bullet">
    /// <item>Training: the batch's mean and biased variance (the fused <see cref="Variable.BatchNorm"/>); running
    /// statistics, when given, move in place to (1 - momentum) running + momentum batch, the variance unbiased
    /// (n / (n - 1)), as PyTorch's.</item>
    /// <item>Eval (training false, PyTorch's default): the running statistics, which are then required.</item>
    /// </list>
    /// A null weight is 1 and a null bias 0, per channel.
    /// </summary>
    public static Variable BatchNorm(Variable input, Tensor? runningMean, Tensor? runningVar, Variable? weight = null, Variable? bias = null,
        bool training = false, float momentum = 0.1f, float eps = 1e-5f)
    {
        const string op = "batch_norm";
        if (input.Rank < 2) throw new ArgumentException($"{op}: expects input [N, C, ...], got {input.Shape}.");
        int channels = input.Shape[1];
        foreach (var (t, name) in new[] { (runningMean, "running_mean"), (runningVar, "running_var"), (weight?.Data, "weight"), (bias?.Data, "bias") })
            if (t is not null && (t.Rank != 1 || t.Shape[0] != channels))
                throw new ArgumentException($"{op}: {name} has shape {t.Shape}, expected [{channels}] for input {input.Shape}.");
        using var one = weight is null ? new Variable(Tensor.Ones([channels], input.Device)) : null;
        using var zero = bias is null ? new Variable(Tensor.Zeros([channels], input.Device)) : null;
        var gamma = weight ?? one!;
        var beta = bias ?? zero!;
        return training ? Training(input, runningMean, runningVar, gamma, beta, momentum, eps)
                        : Eval(input, runningMean, runningVar, gamma, beta, eps);
    }

    private static Variable Training(Variable x, Tensor? runningMean, Tensor? runningVar, Variable gamma, Variable beta, float momentum, float eps)
    {
        long count = x.Data.NumElements / x.Shape[1];
        if (count < 2) throw new ArgumentException($"batch_norm: training needs more than one value per channel, got input {x.Shape}.");
        var (y, batchMean, batchVar) = Variable.BatchNorm(x, gamma, beta, eps);
        using (batchMean)
        using (batchVar)
        using (GradMode.NoGrad())
        {
            if (runningMean is not null) Blend(runningMean, batchMean, momentum);
            if (runningVar is not null)
            {
                using var unbiased = batchVar * (count / (float)(count - 1));
                Blend(runningVar, unbiased, momentum);
            }
        }
        return y;
    }

    private static Variable Eval(Variable x, Tensor? runningMean, Tensor? runningVar, Variable gamma, Variable beta, float eps)
    {
        if (runningMean is null || runningVar is null)
            throw new ArgumentException("batch_norm: eval mode (training: false) normalises with the running statistics; pass running_mean and running_var.");
        int[] statShape = [1, x.Shape[1], .. Enumerable.Repeat(1, x.Rank - 2)];
        using var g = gamma.Reshape(statShape);
        using var b = beta.Reshape(statShape);
        using var mean = new Variable(runningMean.Reshape(statShape));
        using var variance = runningVar.Reshape(statShape);
        using var std = (variance + eps).Sqrt();
        using var stdV = new Variable(std.Reshape(statShape));
        using var centred = x - mean;
        using var normed = centred / stdV;
        using var scaled = normed * g;
        return scaled + b;
    }

    /// <summary>running = (1 - momentum) running + momentum batch, in place.</summary>
    private static void Blend(Tensor running, Tensor batch, float momentum)
    {
        using var a = running * (1 - momentum);
        using var b = batch * momentum;
        using var sum = a + b;
        running.CopyFrom(sum);
    }
}
