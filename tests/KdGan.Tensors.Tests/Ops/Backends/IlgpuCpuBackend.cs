namespace KdGan.Tensors.Tests.Ops;

// The op suite on the ILGPU kernels on ILGPU's CPU accelerator (tiny shapes: one OS thread per GPU thread).

public sealed class IlgpuCpu_ElementwiseOpTests : ElementwiseOpTests { protected override BackendKind Kind => BackendKind.IlgpuCpu; }
public sealed class IlgpuCpu_ReduceOpTests : ReduceOpTests { protected override BackendKind Kind => BackendKind.IlgpuCpu; }
public sealed class IlgpuCpu_MatMulOpTests : MatMulOpTests { protected override BackendKind Kind => BackendKind.IlgpuCpu; }
public sealed class IlgpuCpu_SoftmaxOpTests : SoftmaxOpTests { protected override BackendKind Kind => BackendKind.IlgpuCpu; }
public sealed class IlgpuCpu_RandomOpTests : RandomOpTests { protected override BackendKind Kind => BackendKind.IlgpuCpu; }
public sealed class IlgpuCpu_MemoryOpTests : MemoryOpTests { protected override BackendKind Kind => BackendKind.IlgpuCpu; }
