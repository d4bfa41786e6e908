namespace KdGan.Tensors.Backends.Cpu;

/// <summary>How many worker threads the CPU kernels may use (defaults to every core).</summary>
public static class CpuThreads
{
    private static int _count = Environment.ProcessorCount;

    /// <summary>The number of threads parallel kernels split their work over (at least 1).</summary>
    public static int Count
    {
        get => _count;
        set
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(nameof(value), value, "CpuThreads.Count must be at least 1.");
            _count = value;
        }
    }
}
