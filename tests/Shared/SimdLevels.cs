using KdGan.Tensors.Backends.Cpu;

namespace KdGan.Testing;

/// <summary>The CPU backend's SIMD levels this machine runs (always Scalar), as test data.</summary>
internal static class SimdLevels
{
    public static IEnumerable<SimdLevel> OnThisMachine => Enum.GetValues<SimdLevel>().Where(l => l <= CpuSimd.Hardware);

    /// <summary>For <c>[MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]</c>.</summary>
    public static TheoryData<SimdLevel> Data()
    {
        var data = new TheoryData<SimdLevel>();
        foreach (var level in OnThisMachine) data.Add(level);
        return data;
    }
}
