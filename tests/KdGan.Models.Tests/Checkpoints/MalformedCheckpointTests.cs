using System.Buffers.Binary;
using System.Text;
using KdGan.Autograd;
using KdGan.Models.Checkpoints;
using KdGan.Models.Optim;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Checkpoints;

/// <summary>
/// Malformed metadata, sizes that overflow, and unparsable optimizer metadata fail with a
/// <see cref="CheckpointFormatException"/> naming the file and the problem, like the other header checks.
/// </summary>
public sealed class MalformedCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-bad-ckpt-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteRaw(string header, int dataBytes)
    {
        string path = Path.Combine(_dir, "bad.safetensors");
        var h = Encoding.UTF8.GetBytes(header);
        using var fs = File.Create(path);
        var len = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)h.Length);
        fs.Write(len);
        fs.Write(h);
        fs.Write(new byte[dataBytes]);
        return path;
    }

    private const string OneTensor = "\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";

    [Theory]
    [InlineData("{\"__metadata__\":[\"epoch\",\"4\"]," + OneTensor + "}", "\"__metadata__\" is a JSON array, expected a JSON object")]
    [InlineData("{\"__metadata__\":\"epoch 4\"," + OneTensor + "}", "\"__metadata__\" is a JSON string, expected a JSON object")]
    [InlineData("{\"__metadata__\":null," + OneTensor + "}", "\"__metadata__\" is null")]
    [InlineData("{\"__metadata__\":{\"epoch\":4}," + OneTensor + "}", "metadata entry 'epoch' is a JSON number, expected a string")]
    [InlineData("{\"__metadata__\":{\"a\":\"1\",\"nested\":{\"b\":\"2\"}}," + OneTensor + "}", "metadata entry 'nested' is a JSON object")]
    [InlineData("{\"__metadata__\":{\"epoch\":null}," + OneTensor + "}", "metadata entry 'epoch' is null")]
    [InlineData("{\"__metadata__\":{\"ok\":true}," + OneTensor + "}", "metadata entry 'ok' is a JSON boolean")]
    public void MetadataMustBeAnObjectOfStrings(string header, string problem)
    {
        string path = WriteRaw(header, 4);
        var e = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void ASizeThatWouldWrapAroundIsRejected()
    {
        // 2^30 * 2^30 * 4 = 2^62 elements: 2^64 bytes wraps to 0 in unchecked arithmetic and matched offsets [0, 0].
        string path = WriteRaw("{\"x\":{\"dtype\":\"F32\",\"shape\":[1073741824,1073741824,4],\"data_offsets\":[0,0]}}", 0);
        var e = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("tensor 'x' of shape [1073741824, 1073741824, 4] is too large", e.Message);

        // The element count itself overflowing gets the same message.
        path = WriteRaw("{\"x\":{\"dtype\":\"F32\",\"shape\":[1073741824,1073741824,1073741824],\"data_offsets\":[0,0]}}", 0);
        Assert.Contains("is too large", Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(path)).Message);

        // A size that fits 64 bits but no array is named before anything is allocated.
        path = WriteRaw("{\"x\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,17179869184]}}", 0);
        Assert.Contains("more than one array can hold", Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(path)).Message);
    }

    [Theory]
    [InlineData("step", "twelve", "step \"twelve\" in the metadata; expected a non-negative integer")]
    [InlineData("step", "-3", "step \"-3\"")]
    [InlineData("step", "", "step \"\"")]
    [InlineData("step", "99999999999999999999", "expected a non-negative integer")]
    [InlineData("lr", "fast", "learning rate \"fast\" in the metadata; expected a finite non-negative number")]
    [InlineData("lr", "NaN", "learning rate \"NaN\"")]
    public void UnparsableOptimizerMetadataNamesTheFileAndTheValue(string key, string value, string problem)
    {
        using var w = new Variable(Tensor.FromArray([1f, 2f], [2]), requiresGrad: true);
        var parameters = new Dictionary<string, Variable> { ["w"] = w };
        var opt = new Adam([w], 0.01f);
        string path = Path.Combine(_dir, "opt.safetensors");
        Checkpoint.Save(path, parameters, new Dictionary<string, Optimizer> { ["c"] = opt });
        var (tensors, metadata) = SafeTensors.Read(path);
        Assert.Equal("0", metadata["optim.c.step"]);
        metadata[$"optim.c.{key}"] = value;
        SafeTensors.Write(path, tensors, metadata);
        foreach (var t in tensors.Values) t.Dispose();

        using var ckpt = Checkpoint.Load(path);
        var e = Assert.Throws<CheckpointFormatException>(() => ckpt.RestoreOptimizer("c", opt));
        Assert.Contains(path, e.Message);
        Assert.Contains($"optimizer 'c' has", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.Equal(0.01f, opt.LearningRate); // nothing was half-restored
        Assert.Equal(0, opt.StepCount);
    }
}
