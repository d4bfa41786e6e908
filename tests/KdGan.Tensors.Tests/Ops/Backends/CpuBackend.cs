namespace KdGan.Tensors.Tests.Ops;

// The op suite on the SIMD CPU backend.

public sealed class Cpu_ElementwiseOpTests : ElementwiseOpTests { protected override BackendKind Kind => BackendKind.Cpu; }
public sealed class Cpu_ReduceOpTests : ReduceOpTests { protected override BackendKind Kind => BackendKind.Cpu; }
public sealed class Cpu_MatMulOpTests : MatMulOpTests { protected override BackendKind Kind => BackendKind.Cpu; }
public sealed class Cpu_SoftmaxOpTests : SoftmaxOpTests { protected override BackendKind Kind => BackendKind.Cpu; }
public sealed class Cpu_RandomOpTests : RandomOpTests { protected override BackendKind Kind => BackendKind.Cpu; }
public sealed class Cpu_MemoryOpTests : MemoryOpTests { protected override BackendKind Kind => BackendKind.Cpu; }
