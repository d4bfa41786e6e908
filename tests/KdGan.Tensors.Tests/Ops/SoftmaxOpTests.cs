using KdGan.Testing;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Reference;

namespace KdGan.Tensors.Tests.Ops;

/// <summary>Row softmax and log-softmax with temperature: short rows, rows longer than a group, strided inputs.</summary>
public abstract class SoftmaxOpTests : OpTestBase
{
    private const float Atol = 1e-6f, Rtol = 1e-5f;

    [BackendFact]
    public void Softmax_and_log_softmax_match_the_reference()
    {
        (Shape Shape, float T)[] cases = [([4, 10], 1f), ([3, 300], 2f), ([2, 3, 7], 0.5f), ([5], 1f), ([2, 1], 3f)];
        foreach (var (shape, temperature) in cases)
        {
            using var cx = SeededData.Tensor(shape, seed: shape.Rank * 7 + (int)shape.NumElements, scale: 5f);
            using var x = OnDevice(cx);
            foreach (bool log in new[] { false, true })
            {
                using var y = log ? x.LogSoftmax(temperature) : x.Softmax(temperature);
                Check(ReferenceOps.Softmax(cx, temperature, log), y, () => log ? cx.LogSoftmax(temperature) : cx.Softmax(temperature),
                    log ? 1e-5f : Atol, Rtol, $"{(log ? "log-" : "")}softmax of {shape} at T={temperature}");
            }
        }
    }

    [BackendFact]
    public void Strided_input_rows_sum_to_one()
    {
        using var cx = SeededData.Tensor([9, 6], seed: 3, scale: 4f);
        using var x = OnDevice(cx);
        using var xt = x.T();
        using var cxt = cx.T();
        using var y = xt.Softmax(2f);
        Check(ReferenceOps.Softmax(cxt, 2f, false), y, () => cxt.Softmax(2f), Atol, Rtol, "softmax of a transpose");
        using var s = y.Sum(1);
        Assert.All(s.ToArray(), v => Assert.InRange(v, 1f - 1e-5f, 1f + 1e-5f));
    }
}
