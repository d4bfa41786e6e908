namespace KdGan.Tensors;

// Softmax with temperature as users call it on a tensor: the checks, then the device's row kernel (IBackend.Softmax;
// Softmax.Cpu.cs and Softmax.Gpu.cs beside this file). Its backward is SoftmaxGradOps.
public sealed partial class Tensor
{
    /// <summary>softmax(x / temperature) over the last axis, computed stably (row max subtracted).</summary>
    public Tensor Softmax(float temperature = 1f) => SoftmaxCore(temperature, log: false);

    /// <summary>log softmax(x / temperature) over the last axis.</summary>
    public Tensor LogSoftmax(float temperature = 1f) => SoftmaxCore(temperature, log: true);

    private Tensor SoftmaxCore(float temperature, bool log)
    {
        string name = log ? nameof(LogSoftmax) : nameof(Softmax);
        ThrowIfDisposed(name);
        if (!(temperature > 0) || float.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), $"{name}: temperature must be a positive finite number, got {temperature}.");
        if (Rank == 0) throw new ArgumentException($"{name}: needs at least one dimension, got a scalar.");
        var result = Empty(Shape, Device);
        Device.Backend.Softmax(this, temperature, log, result);
        return result;
    }
}
