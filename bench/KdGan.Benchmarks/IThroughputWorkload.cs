namespace KdGan.Benchmarks;

/// <summary>
/// Implemented by a benchmark class so <see cref="ThroughputColumn"/> can turn the mean time of one of its
/// benchmarks into GFLOP/s or GB/s. The column creates a fresh instance, sets its [Params] members to the
/// case's values (no [GlobalSetup] is run), and asks for the work of one invocation of <paramref name="method"/>.
/// </summary>
public interface IThroughputWorkload
{
    /// <summary>Floating-point operations of one call of <paramref name="method"/> (0 when not meaningful).</summary>
    double Flops(string method);

    /// <summary>Bytes one call of <paramref name="method"/> must read plus write at least (0 when not meaningful).</summary>
    double Bytes(string method);
}
