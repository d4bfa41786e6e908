using KdGan.Testing;
using KdGan.Autograd;
using KdGan.Models.Experiments.Tags;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Tests.Tags;

/// <summary>
/// The text teacher end to end (input and word ids -> embedding -> LSTM -> fusion -> soft cross-entropy): every
/// parameter's gradient against central finite differences, on every backend, and the padding's role.
/// </summary>
public abstract class TextImageTeacherSuite
{
    protected abstract Device Target { get; }

    /// <summary>Elements checked per parameter: a spread of up to this many (the one with the largest gradient when 1).</summary>
    protected virtual int Picks => 12;

    private const int Input = 4, Length = 3, Words = 6, Tags = 5;

    /// <summary>Three posts: two words; one word; no word at all (all padding).</summary>
    private Tensor Posts()
    {
        float[] rows =
        [
            0.5f, -1f, 0.25f, 2f, 2, 5, 0,
            -0.5f, 0.3f, 1f, 0f, 1, 0, 0,
            1f, 1f, -1f, 0.5f, 0, 0, 0,
        ];
        return Tensor.FromArray(rows, [3, Input + Length], Target);
    }

    private Tensor Targets() => Tensor.FromArray([0.5f, 0.5f, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1f / 3, 2f / 3], [3, Tags], Target);

    private TextImageTeacher Teacher(TeacherText kind) =>
        new(kind, Input, Length, Words, Tags, dropout: 0f, new Generator(3), new Generator(4), Target, hidden: 6, mlp: 7);

    private static Variable Loss(TextImageTeacher t, Tensor x, Tensor targets)
    {
        using var z = t.Forward(new Variable(x));
        return Functional.CrossEntropy(z, new Variable(targets));
    }

    [Theory]
    [InlineData(TeacherText.Lstm)]
    [InlineData(TeacherText.Mean)]
    public void EveryParameterGradientMatchesFiniteDifferences(TeacherText kind)
    {
        using var teacher = Teacher(kind);
        using var x = Posts();
        using var targets = Targets();
        using (var loss = Loss(teacher, x, targets)) loss.Backward();
        const double h = 1e-2, atol = 1e-3, rtol = 1e-2;
        using var noGrad = GradMode.NoGrad();
        foreach (var (name, p) in teacher.NamedParameters())
        {
            var analytic = p.Grad?.ToArray() ?? new float[p.Data.NumElements];
            var values = p.Data.ToArray();
            // A spread of elements of every parameter (all of the small ones), or its largest gradient's.
            var picks = Picks == 1 ? [Array.IndexOf(analytic, analytic.MaxBy(Math.Abs))]
                : Enumerable.Range(0, values.Length).Where(i => values.Length <= 2 * Picks || i % (values.Length / Picks) == 0).ToArray();
            foreach (int i in picks)
            {
                double Eval(double delta)
                {
                    var v = (float[])values.Clone();
                    v[i] = (float)(values[i] + delta);
                    using var moved = Tensor.FromArray(v, p.Data.Shape, Target);
                    p.Data.CopyFrom(moved);
                    using var l = Loss(teacher, x, targets);
                    return l.Item();
                }
                double numeric = (Eval(h) - Eval(-h)) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[i]) <= atol + rtol * Math.Abs(numeric),
                    $"{kind} on {Target}: {name}[{i}]: analytic {analytic[i]:G6}, numeric {numeric:G6}");
            }
            using (var back = Tensor.FromArray(values, p.Data.Shape, Target)) p.Data.CopyFrom(back);
        }
    }

    [Fact]
    public void ThePaddingRowGetsNoGradientAndAPostWithoutWordsReadsOnlyItsInput()
    {
        using var teacher = Teacher(TeacherText.Lstm);
        using var x = Posts();
        using var targets = Targets();
        using (var loss = Loss(teacher, x, targets)) loss.Backward();
        var (_, words) = teacher.NamedParameters().Single(p => p.Name == "words.weight");
        var g = words.Grad!.ToArray();
        Assert.All(g.Take(6), v => Assert.Equal(0f, v)); // row 0, <pad>
        Assert.Contains(g.Skip(5 * 6).Take(6), v => v != 0f); // row 5 is read by post 0

        // Padding after a post's words changes nothing: the same post with its words moved to a longer row scores alike.
        using var noGrad = GradMode.NoGrad();
        using var z = teacher.Forward(new Variable(x));
        var first = z.ToArray()[..Tags];
        using var alone = Tensor.FromArray([0.5f, -1f, 0.25f, 2f, 2, 5, 0], [1, Input + Length], Target);
        using var z1 = teacher.Forward(new Variable(alone));
        Assert.Equal(first, z1.ToArray());
    }

    [Fact]
    public void AnInputOfTheWrongWidthIsAnErrorNamingTheLayout()
    {
        using var teacher = Teacher(TeacherText.Lstm);
        using var x = new Variable(Tensor.Zeros([2, Input], Target));
        Assert.Contains("(input, then word ids)", Assert.Throws<ArgumentException>(() => teacher.Forward(x)).Message);
    }
}

public sealed class CpuTextImageTeacherTests : TextImageTeacherSuite
{
    protected override Device Target => Device.Cpu;
}

/// <summary>
/// ILGPU's CPU accelerator runs the LSTM about a thousand times slower than the CPU backend, so here one element per
/// parameter is checked by finite differences, and every gradient against the CPU backend's (checked in full above).
/// </summary>
public sealed class IlgpuTextImageTeacherTests : TextImageTeacherSuite
{
    protected override Device Target => Devices.IlgpuCpu;
    protected override int Picks => 1;

    [Fact]
    public void EveryGradientEqualsTheCpuBackendsGradient()
    {
        Dictionary<string, float[]> Grads(Device device)
        {
            using var teacher = new TextImageTeacher(TeacherText.Lstm, 4, 3, 6, 5, 0f, new Generator(3), new Generator(4), device, hidden: 6, mlp: 7);
            using var x = Tensor.FromArray([0.5f, -1f, 0.25f, 2f, 2, 5, 0, -0.5f, 0.3f, 1f, 0f, 1, 0, 0], [2, 7], device);
            using var t = Tensor.FromArray([0.5f, 0.5f, 0, 0, 0, 0, 0, 1, 0, 0], [2, 5], device);
            using (var z = teacher.Forward(new Variable(x)))
            using (var loss = Functional.CrossEntropy(z, new Variable(t))) loss.Backward();
            return teacher.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!.ToArray());
        }
        var cpu = Grads(Device.Cpu);
        var gpu = Grads(Target);
        foreach (var (name, g) in cpu)
            Tolerance.AssertClose(g.Select(v => (double)v).ToArray(), gpu[name], 1e-5, 1e-4, $"text teacher {name} on {Target}");
    }
}
