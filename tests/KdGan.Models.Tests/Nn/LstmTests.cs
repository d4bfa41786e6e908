using KdGan.Testing;
using KdGan.Autograd;
using KdGan.Models.Nn;
using KdGan.Models.Optim;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Tests.Nn;

/// <summary>The Lstm and Embedding modules: PyTorch names, shapes and initialisation, and the stacked LSTM against its composed oracle.</summary>
public class LstmTests
{
    [Fact]
    public void ParametersAreNamedShapedAndInitialisedLikePyTorch()
    {
        using var lstm = new Lstm(inputSize: 5, hiddenSize: 4, new Generator(7), numLayers: 2);
        var named = lstm.NamedParameters().ToList();
        Assert.Equal(
            ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"],
            named.Select(p => p.Name));
        Assert.Equal([new Shape(16, 5), new Shape(16, 4), new Shape(16), new Shape(16), new Shape(16, 4), new Shape(16, 4), new Shape(16), new Shape(16)],
            named.Select(p => p.Parameter.Shape));
        // U(-1/sqrt(H), 1/sqrt(H)) = U(-0.5, 0.5), drawn parameter by parameter in that order from the generator.
        Assert.All(named.SelectMany(p => p.Parameter.ToArray()), v => Assert.InRange(v, -0.5f, 0.5f));
        var gen = new Generator(7);
        using var first = Init.Uniform([16, 5], -0.5f, 0.5f, gen);
        using var second = Init.Uniform([16, 4], -0.5f, 0.5f, gen);
        Assert.Equal(first.ToArray(), named[0].Parameter.ToArray());
        Assert.Equal(second.ToArray(), named[1].Parameter.ToArray());
        using var noBias = new Lstm(3, 2, new Generator(1), bias: false);
        Assert.Equal(["weight_ih_l0", "weight_hh_l0"], noBias.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void StackedLstmMatchesComposedCellsInValuesAndGradients()
    {
        const int b = 3, t = 4, input = 5, hidden = 6, layers = 2;
        using var lstm = new Lstm(input, hidden, new Generator(11), numLayers: layers);
        using var x = new Variable(Tensor.Randn([b, t, input], seed: 1), requiresGrad: true);
        using var h0 = new Variable(Tensor.Randn([layers, b, hidden], seed: 2), requiresGrad: true);
        using var c0 = new Variable(Tensor.Randn([layers, b, hidden], seed: 3), requiresGrad: true);
        using var result = lstm.Forward(x, h0, c0);
        Assert.Equal(new Shape(b, t, hidden), result.Output.Shape);
        Assert.Equal(new Shape(layers, b, hidden), result.H.Shape);
        Assert.Equal(new Shape(layers, b, hidden), result.C.Shape);

        // The oracle: the same parameters (copies), unrolled through the composed cell.
        var p = lstm.Parameters().Select(v => new Variable(v.Data.Clone(), requiresGrad: true)).ToArray();
        using var xr = new Variable(x.Data.Clone(), requiresGrad: true);
        using var h0r = new Variable(h0.Data.Clone(), requiresGrad: true);
        using var c0r = new Variable(c0.Data.Clone(), requiresGrad: true);
        var steps = Enumerable.Range(0, t).Select(s => { using var sl = xr.Slice(1, s, s + 1); return sl.Reshape(b, input); }).ToList();
        var hn = new List<Variable>();
        var cn = new List<Variable>();
        for (int k = 0; k < layers; k++)
        {
            using var hs = h0r.Slice(0, k, k + 1);
            using var cs = c0r.Slice(0, k, k + 1);
            Variable h = hs.Reshape(b, hidden), c = cs.Reshape(b, hidden);
            var outputs = new List<Variable>();
            foreach (var xt in steps)
            {
                (h, c) = Variable.LstmCellComposed(xt, h, c, p[4 * k], p[4 * k + 1], p[4 * k + 2], p[4 * k + 3]);
                outputs.Add(h);
            }
            steps = outputs;
            hn.Add(h);
            cn.Add(c);
        }
        using var outRef = Variable.Stack(steps, 1);
        using var hRef = Variable.Stack(hn, 0);
        using var cRef = Variable.Stack(cn, 0);
        Tolerance.AssertClose(outRef.ToArray(), result.Output.ToArray(), 1e-5, 1e-4, "outputs");
        Tolerance.AssertClose(hRef.ToArray(), result.H.ToArray(), 1e-5, 1e-4, "h_n");
        Tolerance.AssertClose(cRef.ToArray(), result.C.ToArray(), 1e-5, 1e-4, "c_n");

        // The same loss on both: sum(w1 * out) + sum(w2 * h_n) + sum(w3 * c_n).
        Variable Loss(Variable o, Variable h, Variable c)
        {
            using var w1 = new Variable(Tensor.Randn(o.Shape, seed: 21));
            using var w2 = new Variable(Tensor.Randn(h.Shape, seed: 22));
            using var w3 = new Variable(Tensor.Randn(c.Shape, seed: 23));
            using var a = o * w1; using var sa = a.Sum();
            using var bb = h * w2; using var sb = bb.Sum();
            using var cc = c * w3; using var sc = cc.Sum();
            using var ab = sa + sb;
            return ab + sc;
        }
        using var loss = Loss(result.Output, result.H, result.C);
        using var lossRef = Loss(outRef, hRef, cRef);
        loss.Backward();
        lossRef.Backward();
        Tolerance.AssertClose(xr.Grad!.ToArray(), x.Grad!.ToArray(), 1e-5, 1e-4, "dx");
        Tolerance.AssertClose(h0r.Grad!.ToArray(), h0.Grad!.ToArray(), 1e-5, 1e-4, "dh0");
        Tolerance.AssertClose(c0r.Grad!.ToArray(), c0.Grad!.ToArray(), 1e-5, 1e-4, "dc0");
        foreach (var ((name, param), reference) in lstm.NamedParameters().Zip(p))
            Tolerance.AssertClose(reference.Grad!.ToArray(), param.Grad!.ToArray(), 1e-5, 1e-4, "d" + name);
        foreach (var v in p) v.Dispose();
    }

    [Fact]
    public void StackedLstmInputAndStateGradientsPassAFiniteDifferenceCheck()
    {
        using var lstm = new Lstm(3, 4, new Generator(5), numLayers: 2);
        using var x = Tensor.Randn([2, 3, 3], seed: 8);
        using var h0 = Tensor.Randn([2, 2, 4], seed: 9);
        using var c0 = Tensor.Randn([2, 2, 4], seed: 10);
        GradCheck.Assert("stacked Lstm module, T=3", v =>
        {
            using var r = lstm.Forward(v[0], v[1], v[2]);
            using var flat = r.Output.Flatten();
            using var hf = r.H.Flatten(0);
            using var cf = r.C.Flatten(0);
            using var fr = flat.Flatten(0);
            return Variable.Concat([fr, hf, cf], 0);
        }, [x, h0, c0]);
    }

    [Fact]
    public void LstmLearnsToRememberTheFirstInput()
    {
        // Target: the first element of each sequence, read from the final hidden state through a linear head.
        const int b = 16, t = 4;
        var gen = new Generator(3);
        using var lstm = new Lstm(1, 8, gen);
        using var head = new Linear(8, 1, gen);
        using var xs = Tensor.Randn([b, t, 1], seed: 4);
        using var first = xs.Slice(1, 0, 1);
        using var target = first.Reshape(b, 1);
        var opt = new Adam(lstm.Parameters().Concat(head.Parameters()), learningRate: 0.03f);
        float Step()
        {
            opt.ZeroGrad();
            using var r = lstm.Forward(xs);
            using var h = r.H.Reshape(b, 8);
            using var y = head.Forward(h);
            using var tv = new Variable(target.Clone());
            using var d = y - tv;
            using var sq = d.Square();
            using var loss = sq.Mean();
            loss.Backward();
            opt.Step();
            return loss.Item();
        }
        float initial = Step();
        float last = initial;
        for (int i = 0; i < 60; i++) last = Step();
        Assert.True(last < 0.2f * initial, $"loss went from {initial} to {last}");
    }

    [Fact]
    public void BadLstmInputsAreNamed()
    {
        using var lstm = new Lstm(3, 4, new Generator(1), numLayers: 2);
        using var x2d = new Variable(Tensor.Zeros([2, 3]));
        Assert.Contains("[B, T, 3]", Assert.Throws<ArgumentException>(() => lstm.Forward(x2d)).Message);
        using var x = new Variable(Tensor.Zeros([2, 5, 3]));
        using var h0 = new Variable(Tensor.Zeros([1, 2, 4]));
        Assert.Contains("h0", Assert.Throws<ArgumentException>(() => lstm.Forward(x, h0)).Message);
    }

    [Fact]
    public void EmbeddingIsNormalInitialisedLooksUpRowsAndNamesBadIds()
    {
        using var emb = new Embedding(200, 50, new Generator(2), paddingIndex: 0);
        Assert.Equal(["weight"], emb.NamedParameters().Select(p => p.Name));
        var w = emb.Weight.ToArray();
        Assert.All(w[..50], v => Assert.Equal(0f, v)); // the padding row starts at zero
        var rest = w[50..];
        double mean = rest.Average(v => (double)v), std = Math.Sqrt(rest.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(std, 0.97, 1.03);

        using var ids = Tensor.FromArray([3f, 0f, 199f, 3f], [2, 2]);
        using var y = emb.Forward(ids);
        Assert.Equal(new Shape(2, 2, 50), y.Shape);
        Assert.Equal(w[(3 * 50)..(4 * 50)], y.ToArray()[..50]);
        Assert.Equal(w[(199 * 50)..], y.ToArray()[100..150]);

        using var bad = Tensor.FromArray([3f, 200f]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => emb.Forward(bad));
        Assert.Contains("index 200", e.Message);
        Assert.Contains("vocabulary of size 200", e.Message);
    }

}
