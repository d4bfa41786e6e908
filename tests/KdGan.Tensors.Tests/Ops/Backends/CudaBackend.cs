namespace KdGan.Tensors.Tests.Ops;

// The op suite on the ILGPU kernels on CUDA device 0 (skipped, with the reason, without a usable GPU).

public sealed class Cuda_ElementwiseOpTests : ElementwiseOpTests, IRequiresCuda { protected override BackendKind Kind => BackendKind.Cuda; }
public sealed class Cuda_ReduceOpTests : ReduceOpTests, IRequiresCuda { protected override BackendKind Kind => BackendKind.Cuda; }
public sealed class Cuda_MatMulOpTests : MatMulOpTests, IRequiresCuda { protected override BackendKind Kind => BackendKind.Cuda; }
public sealed class Cuda_SoftmaxOpTests : SoftmaxOpTests, IRequiresCuda { protected override BackendKind Kind => BackendKind.Cuda; }
public sealed class Cuda_RandomOpTests : RandomOpTests, IRequiresCuda { protected override BackendKind Kind => BackendKind.Cuda; }
public sealed class Cuda_MemoryOpTests : MemoryOpTests, IRequiresCuda { protected override BackendKind Kind => BackendKind.Cuda; }
