using KdGan.Autograd;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Nn;

/// <summary>
/// The basic block of the CIFAR ResNets (He et al. 2016, section 4.2): y = relu(bn2(conv2(relu(bn1(conv1(x))))) + s(x)),
/// with 3x3 convolutions without bias, the first of stride <c>stride</c>. The shortcut s is the identity, and where the
/// block halves the image and widens the channels it is the paper's option A, still parameter-free: every second pixel
/// of x, its channels padded with zeros. Option A is written as a 1x1 convolution of stride 2 with a fixed 0/1 weight
/// (a buffer-free constant, not a parameter), which picks input channel c for output channel c and zero beyond.
/// </summary>
public sealed class ResidualBlock : Layer
{
    private readonly Variable? _pick; // [out, in, 1, 1] 0/1 selection for the option-A shortcut; null for the identity

    public ResidualBlock(int inChannels, int outChannels, int stride, Generator init, Device? device = null)
    {
        if (outChannels < inChannels || (stride != 1 && stride != 2) || (stride == 1 && inChannels != outChannels))
            throw new ArgumentException($"ResidualBlock: in {inChannels}, out {outChannels}, stride {stride}: the identity shortcut needs in = out at " +
                                        "stride 1, option A needs out >= in at stride 2.");
        (InChannels, OutChannels, Stride) = (inChannels, outChannels, stride);
        Conv1 = RegisterModule("conv1", new Conv2d(inChannels, outChannels, 3, init, stride: stride, padding: 1, bias: false, device: device));
        Bn1 = RegisterModule("bn1", new BatchNorm(outChannels, device: device));
        Conv2 = RegisterModule("conv2", new Conv2d(outChannels, outChannels, 3, init, padding: 1, bias: false, device: device));
        Bn2 = RegisterModule("bn2", new BatchNorm(outChannels, device: device));
        if (stride != 1)
        {
            var pick = new float[outChannels * inChannels];
            for (int c = 0; c < inChannels; c++) pick[c * inChannels + c] = 1;
            _pick = new Variable(TensorScope.Escape(Tensor.FromArray(pick, [outChannels, inChannels, 1, 1], device)));
        }
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int Stride { get; }
    public Conv2d Conv1 { get; }
    public BatchNorm Bn1 { get; }
    public Conv2d Conv2 { get; }
    public BatchNorm Bn2 { get; }

    public override Variable Forward(Variable x)
    {
        using var a = Conv1.Forward(x);
        using var b = Bn1.Forward(a);
        using var c = b.Relu();
        using var d = Conv2.Forward(c);
        using var e = Bn2.Forward(d);
        using var shortcut = _pick is null ? null : Variable.Conv2d(x, Pick(x.Device), null, stride: 2);
        using var sum = e + (shortcut ?? x);
        return sum.Relu();
    }

    private Variable Pick(Device device)
    {
        if (!_pick!.Device.Equals(device)) _pick.SetData(TensorScope.Escape(_pick.Data.To(device)));
        return _pick;
    }

    public override Module To(Device device)
    {
        if (_pick is not null) Pick(device);
        return base.To(device);
    }

    public override void Dispose()
    {
        _pick?.Dispose();
        base.Dispose();
    }
}
