using KdGan.Autograd.Tests;
using KdGan.Models.Tests;
using KdGan.Models.Tests.Cifar;
using KdGan.Models.Tests.Losses;
using KdGan.Models.Tests.Nn;
using KdGan.Models.Tests.Tags;
using KdGan.Tensors;

namespace KdGan.GpuCheck;

// The autograd and Models suites on CUDA device 0. The test projects hold their CPU and ILGPU-CPU subclasses; these
// exist only here, where a GPU may be present (SuiteRunner picks the subclasses whose Target is the device under test).

public sealed class Cuda_GradCheckTests : GradCheckSuite { protected override Device Target => Devices.Cuda(0); }
public sealed class Cuda_LayerGradCheckTests : LayerGradCheckSuite { protected override Device Target => Devices.Cuda(0); }
public sealed class Cuda_SequenceGradCheckTests : SequenceGradCheckSuite { protected override Device Target => Devices.Cuda(0); }
public sealed class Cuda_LossValueTests : LossValueSuite { protected override Device Target => Devices.Cuda(0); }
public sealed class Cuda_Conv2dReferenceTests : Conv2dReferenceSuite { protected override Device Target => Devices.Cuda(0); }
public sealed class Cuda_FlattenTests : FlattenSuite { protected override Device Target => Devices.Cuda(0); }
public sealed class Cuda_GlobalAvgPool2dTests : GlobalAvgPool2dSuite { protected override Device Target => Devices.Cuda(0); }
public sealed class Cuda_SequentialTests : SequentialSuite { protected override Device Target => Devices.Cuda(0); }
public sealed class Cuda_ResNetTests : ResNetSuite { protected override Device Target => Devices.Cuda(0); }
public sealed class Cuda_TextImageTeacherTests : TextImageTeacherSuite { protected override Device Target => Devices.Cuda(0); }
