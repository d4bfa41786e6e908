using KdGan.Tensors.Backends;
using KdGan.Tensors.Backends.Cpu;

namespace KdGan.Tensors;

/// <summary>The kind of a compute device.</summary>
public enum DeviceKind
{
    Cpu,
    Cuda,
    /// <summary>ILGPU's CPU accelerator: runs the GPU kernels on the CPU, for tests without a GPU.</summary>
    IlgpuCpu,
}

/// <summary>
/// A place where tensors live and ops run. Devices never mix implicitly: an op whose inputs are on
/// different devices fails, and only <see cref="Tensor.To"/> or reading values out copies.
/// </summary>
public sealed class Device : IEquatable<Device>
{
    private Device(DeviceKind kind, int index, string name, IBackend backend)
    {
        Kind = kind;
        Index = index;
        Name = name;
        Backend = backend;
    }

    public DeviceKind Kind { get; }
    public int Index { get; }

    /// <summary>A short name: <c>cpu</c>, <c>cuda:0</c>.</summary>
    public string Name { get; }

    /// <summary>The backend that implements the primitive ops on this device.</summary>
    public IBackend Backend { get; }

    /// <summary>The CPU (SIMD, multi-threaded) device.</summary>
    public static Device Cpu { get; } = new(DeviceKind.Cpu, 0, "cpu", CpuBackend.Instance);

    /// <summary>Registers a device backed by <paramref name="backend"/> (used by the GPU backend).</summary>
    public static Device Create(DeviceKind kind, int index, string name, IBackend backend) => new(kind, index, name, backend);

    /// <summary>Throws a clear error when <paramref name="a"/> and <paramref name="b"/> are not the same device.</summary>
    public static void CheckSame(Device a, Device b, string op)
    {
        if (!a.Equals(b))
            throw new InvalidOperationException(
                $"{op}: tensors are on different devices ({a} and {b}); move one with .To(device) first.");
    }

    public bool Equals(Device? other) => other is not null && Kind == other.Kind && Index == other.Index;
    public override bool Equals(object? obj) => Equals(obj as Device);
    public override int GetHashCode() => HashCode.Combine(Kind, Index);
    public override string ToString() => Name;
}
