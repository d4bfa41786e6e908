using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Nn;

/// <summary>Weight initialisers, drawing from a seeded counter-based <see cref="Generator"/> (reproducible on every device).</summary>
public static class Init
{
    /// <summary>U(low, high).</summary>
    public static Tensor Uniform(Shape shape, float low, float high, Generator gen, Device? device = null)
    {
        using var u = gen.Rand(shape, device);
        using var scaled = u * (high - low);
        return scaled + low;
    }

    /// <summary>N(0, std^2).</summary>
    public static Tensor Normal(Shape shape, float std, Generator gen, Device? device = null)
    {
        using var z = gen.Randn(shape, device);
        return z * std;
    }

    /// <summary>Glorot / Xavier uniform: U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)).</summary>
    public static Tensor XavierUniform(Shape shape, Generator gen, float gain = 1f, Device? device = null)
    {
        var (fanIn, fanOut) = Fans(shape);
        float a = gain * MathF.Sqrt(6f / (fanIn + fanOut));
        return Uniform(shape, -a, a, gen, device);
    }

    /// <summary>Kaiming / He normal for ReLU: N(0, 2 / fan_in).</summary>
    public static Tensor KaimingNormal(Shape shape, Generator gen, Device? device = null) =>
        Normal(shape, MathF.Sqrt(2f / Fans(shape).FanIn), gen, device);

    /// <summary>Kaiming / He uniform for ReLU: U(-b, b), b = sqrt(6 / fan_in) (variance 2 / fan_in, as the normal form).</summary>
    public static Tensor KaimingUniform(Shape shape, Generator gen, Device? device = null)
    {
        float bound = MathF.Sqrt(6f / Fans(shape).FanIn);
        return Uniform(shape, -bound, bound, gen, device);
    }

    /// <summary>All zeros (biases; draws nothing, so the generator's stream is not advanced).</summary>
    public static Tensor Zeros(Shape shape, Device? device = null) => Tensor.Zeros(shape, device);

    /// <summary>
    /// PyTorch's default for Linear and Conv2d weights and biases (kaiming_uniform with a = sqrt 5):
    /// U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
    /// </summary>
    public static Tensor PyTorchDefault(Shape shape, int fanIn, Generator gen, Device? device = null)
    {
        float bound = 1f / MathF.Sqrt(fanIn);
        return Uniform(shape, -bound, bound, gen, device);
    }

    /// <summary>N(0, std^2) truncated to [-2 std, 2 std] (TensorFlow's truncated_normal, used by the KDGAN code): redraws outliers.</summary>
    public static Tensor TruncatedNormal(Shape shape, float std, Generator gen, Device? device = null)
    {
        var values = new float[shape.NumElements];
        var pending = Enumerable.Range(0, values.Length).ToList();
        while (pending.Count > 0)
        {
            using var z = gen.Randn([pending.Count]);
            var draws = z.ToArray();
            var next = new List<int>();
            for (int i = 0; i < pending.Count; i++)
            {
                if (MathF.Abs(draws[i]) <= 2f) values[pending[i]] = draws[i] * std;
                else next.Add(pending[i]);
            }
            pending = next;
        }
        return Tensor.FromArray(values, shape, device);
    }

    /// <summary>fan_in and fan_out of a weight: [out, in] for linear, [out, in, kh, kw] for convolution.</summary>
    public static (int FanIn, int FanOut) Fans(Shape shape)
    {
        if (shape.Rank < 2) throw new ArgumentException($"Init: fan in/out need a weight of rank >= 2, got {shape}.");
        int receptive = 1;
        for (int i = 2; i < shape.Rank; i++) receptive *= shape[i];
        return (shape[1] * receptive, shape[0] * receptive);
    }
}
