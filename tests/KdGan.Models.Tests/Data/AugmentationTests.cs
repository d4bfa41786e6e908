using KdGan.Tensors.Rng;
using KdGan.Models.Data;

namespace KdGan.Models.Tests.Data;

public class AugmentationTests
{
    private static float[] Digit(int seed)
    {
        // A blob in [0, 1] away from the border, like an MNIST digit.
        var img = new float[784];
        var r = new Random(seed);
        for (int y = 8; y < 20; y++)
            for (int x = 9; x < 19; x++) img[y * 28 + x] = (float)r.NextDouble();
        return img;
    }

    private static float[] Apply(IImageTransform t, float[] image, int c, int h, int w, ulong seed)
    {
        var copy = (float[])image.Clone();
        t.Apply(copy, c, h, w, new PhiloxRandom(seed), new float[copy.Length]);
        return copy;
    }

    [Fact]
    public void AffineWithZeroRangesIsTheIdentity()
    {
        var img = Digit(1);
        Assert.Equal(img, Apply(new RandomAffine(0, 0, 0), img, 1, 28, 28, 9));
    }

    [Fact]
    public void AffineShiftMovesPixelsAndRotationTurnsThem()
    {
        var img = new float[784];
        img[10 * 28 + 12] = 1f;
        var shifted = (float[])img.Clone();
        RandomAffine.Warp(shifted, 1, 28, 28, 0, tx: 2, ty: -3, scale: 1, new float[784]);
        Assert.Equal(1f, shifted[7 * 28 + 14], 5);
        Assert.Equal(1f, shifted.Sum(), 4);

        var turned = (float[])img.Clone();
        RandomAffine.Warp(turned, 1, 28, 28, MathF.PI / 2, 0, 0, 1, new float[784]);
        // Centre 13.5: (x, y) = (12, 10) -> offset (-1.5, -3.5) -> rotated by +90 degrees: (3.5, -1.5) -> (17, 12).
        Assert.Equal(1f, turned[12 * 28 + 17], 4);
    }

    [Fact]
    public void AffineKeepsShapeRangeAndIsDeterministicPerSeed()
    {
        var img = Digit(2);
        var t = new RandomAffine();
        var a = Apply(t, img, 1, 28, 28, 5);
        var b = Apply(t, img, 1, 28, 28, 5);
        var c = Apply(t, img, 1, 28, 28, 6);
        Assert.Equal(784, a.Length);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.All(a, v => Assert.InRange(v, 0f, 1f));
        // A small warp: most of the ink stays (zoom 0.9..1.1 changes the mass by at most ~20%).
        Assert.InRange(a.Sum() / img.Sum(), 0.75, 1.3);
    }

    [Fact]
    public void AffineParametersStayInTheirRanges()
    {
        // One bright pixel at the centre moves at most shift * side plus rotation/zoom of a half pixel.
        for (ulong s = 0; s < 50; s++)
        {
            var img = new float[784];
            img[13 * 28 + 13] = img[13 * 28 + 14] = img[14 * 28 + 13] = img[14 * 28 + 14] = 1f;
            var o = Apply(new RandomAffine(), img, 1, 28, 28, s);
            int argmax = Array.IndexOf(o, o.Max());
            int y = argmax / 28, x = argmax % 28;
            Assert.InRange(x, 13 - 4, 14 + 4);
            Assert.InRange(y, 13 - 4, 14 + 4);
        }
    }

    [Fact]
    public void PadCropFlipMirrorsAndShifts()
    {
        var img = Enumerable.Range(0, 3 * 32 * 32).Select(i => (float)i).ToArray();
        var m = (float[])img.Clone();
        PadCropFlip.Shift(m, 3, 32, 32, 0, 0, mirror: true, new float[m.Length]);
        Assert.Equal(img[1 * 1024 + 5 * 32 + 31], m[1 * 1024 + 5 * 32 + 0]);
        var s = (float[])img.Clone();
        PadCropFlip.Shift(s, 3, 32, 32, ox: 4, oy: -2, mirror: false, new float[s.Length]);
        Assert.Equal(img[2 * 1024 + 3 * 32 + 10], s[2 * 1024 + 5 * 32 + 6]);
        Assert.Equal(0f, s[2 * 1024 + 0 * 32 + 6]);   // came from above the image: the zero padding
        Assert.Equal(0f, s[2 * 1024 + 10 * 32 + 31]); // came from right of it
    }

    [Fact]
    public void PadCropFlipKeepsShapeRangeAndIsDeterministic()
    {
        var img = Synthetic.RandomBytes(3072, 4).Select(b => b / 255f).ToArray();
        var t = new PadCropFlip();
        var a = Apply(t, img, 3, 32, 32, 1);
        Assert.Equal(a, Apply(t, img, 3, 32, 32, 1));
        Assert.Equal(3072, a.Length);
        Assert.All(a, v => Assert.InRange(v, 0f, 1f));
        var distinct = Enumerable.Range(0, 40).Select(s => string.Join(",", Apply(t, img, 3, 32, 32, (ulong)s).Take(64))).Distinct().Count();
        Assert.True(distinct > 10, $"only {distinct} different crops out of 40 seeds");
    }

    [Fact]
    public void PerImageStandardizeGivesZeroMeanUnitStd()
    {
        var img = Synthetic.RandomBytes(3072, 5).Select(b => b / 255f).ToArray();
        PerImageStandardize.Standardize(img);
        double mean = img.Average(), std = Math.Sqrt(img.Select(v => (v - mean) * (v - mean)).Average());
        Assert.Equal(0, mean, 4);
        Assert.Equal(1, std, 3);

        var flat = Enumerable.Repeat(0.3f, 3072).ToArray();
        PerImageStandardize.Standardize(flat);
        Assert.All(flat, v => Assert.Equal(0f, v, 5));
    }

    [Fact]
    public void StandardChainsAreWhatTheExperimentsUse()
    {
        Assert.IsType<RandomAffine>(Assert.Single(Augmentations.MnistTrain()));
        Assert.Collection(Augmentations.CifarTrain(), t => Assert.IsType<PadCropFlip>(t), t => Assert.IsType<PerImageStandardize>(t));
        Assert.IsType<PerImageStandardize>(Assert.Single(Augmentations.CifarEval()));
    }
}
