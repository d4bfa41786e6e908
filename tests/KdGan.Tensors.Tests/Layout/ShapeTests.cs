namespace KdGan.Tensors.Tests.Layout;

public class ShapeTests
{
    [Theory]
    [InlineData(new[] { 3, 1, 5 }, new[] { 4, 5 }, new[] { 3, 4, 5 })]
    [InlineData(new[] { 1 }, new[] { 2, 3 }, new[] { 2, 3 })]
    [InlineData(new int[0], new[] { 2, 3 }, new[] { 2, 3 })]
    [InlineData(new[] { 2, 1 }, new[] { 1, 3 }, new[] { 2, 3 })]
    [InlineData(new[] { 0, 1 }, new[] { 1, 3 }, new[] { 0, 3 })]
    [InlineData(new[] { 8, 1, 6, 1 }, new[] { 7, 1, 5 }, new[] { 8, 7, 6, 5 })] // NumPy's documented example
    public void BroadcastFollowsNumPy(int[] a, int[] b, int[] expected)
    {
        Assert.Equal(new Shape(expected), Shape.Broadcast(a, b, "test"));
        Assert.Equal(new Shape(expected), Shape.Broadcast(b, a, "test"));
    }

    [Fact]
    public void IncompatibleShapesNameBothShapesAndTheOp()
    {
        var e = Assert.Throws<ArgumentException>(() => Shape.Broadcast(new[] { 2, 3 }, new[] { 4 }, "Add"));
        Assert.Contains("Add", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4]", e.Message);
    }

    [Fact]
    public void AddOfIncompatibleTensorsNamesBothShapes()
    {
        using var a = Tensor.Zeros([2, 3]);
        using var b = Tensor.Zeros([4]);
        var e = Assert.Throws<ArgumentException>(() => a + b);
        Assert.Contains("Add", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4]", e.Message);
    }

    [Fact]
    public void OutOfRangeAxisNamesAxisAndRank()
    {
        using var a = Tensor.Zeros([2, 3]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => a.Sum(2));
        Assert.Contains("axis 2", e.Message);
        Assert.Contains("rank 2", e.Message);
        Assert.Contains("Sum", e.Message);
    }

    [Fact]
    public void NegativeDimensionIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new Shape(2, -1));
        Assert.Contains("-1", e.Message);
    }

    [Fact]
    public void StridesAreRowMajor()
    {
        Assert.Equal(new long[] { 12, 4, 1 }, new Shape(2, 3, 4).ContiguousStrides());
        Assert.Equal(1, Shape.Scalar.NumElements);
        Assert.Equal(0, new Shape(2, 0, 3).NumElements);
    }
}
