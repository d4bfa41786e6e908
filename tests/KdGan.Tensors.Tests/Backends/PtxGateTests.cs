using KdGan.Tensors.Backends.Gpu;

namespace KdGan.Tensors.Tests.Backends;

/// <summary>
/// The PTX gate: every kernel the backend launches compiles to PTX for sm_90 without a GPU. When
/// KDGAN_PTX_DIR is set the PTX files are written there, and .ci/run assembles them with ptxas when it can.
/// </summary>
public sealed class PtxGateTests
{
    [Fact]
    public void Every_kernel_compiles_to_ptx_for_sm_90()
    {
        var kernels = PtxCompiler.CompileAll();
        Assert.Equal(KernelTable.All.Count, kernels.Count);
        foreach (var k in kernels)
        {
            Assert.Contains(".target sm_", k.Ptx);
            Assert.Contains(".entry", k.Ptx);
            Assert.DoesNotMatch(@"\.f64\b", k.Ptx); // float-only kernels: no double arithmetic in the PTX either
        }
        var gemm = kernels.Single(k => k.Name == "Gemm.Tiled").Ptx;
        Assert.Contains(".shared", gemm);
        Assert.Contains("bar.sync", gemm);
        if (Environment.GetEnvironmentVariable("KDGAN_PTX_DIR") is { Length: > 0 } dir) PtxCompiler.WriteAll(dir, kernels);
    }
}
