using System.Reflection;
using System.Runtime.InteropServices;

namespace KdGan.Tensors.Backends.Gpu;

/// <summary>
/// ILGPU imports the CUDA driver as "cuda", which .NET probes on Linux as <c>libcuda.so</c> only: a machine
/// with just the driver's <c>libcuda.so.1</c> (no development symlink) would show no GPU and no error. This
/// resolver maps the import to <c>libcuda.so.1</c> (then <c>libcuda.so</c>). Installed once, before ILGPU
/// first touches the driver.
/// </summary>
internal static class CudaLibraryResolver
{
    private static int s_installed;

    /// <summary>Library names tried for the CUDA driver on this OS, in order.</summary>
    public static string[] Candidates =>
        OperatingSystem.IsWindows() ? ["nvcuda.dll"] : ["libcuda.so.1", "libcuda.so"];

    public static void Install()
    {
        if (Interlocked.Exchange(ref s_installed, 1) != 0) return;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(ILGPU.Context).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Someone else already installed a resolver for ILGPU: theirs wins.
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name is not ("cuda" or "libcuda" or "libcuda.so" or "nvcuda")) return IntPtr.Zero;
        foreach (var candidate in Candidates)
            if (NativeLibrary.TryLoad(candidate, out var handle)) return handle;
        return IntPtr.Zero;
    }
}
