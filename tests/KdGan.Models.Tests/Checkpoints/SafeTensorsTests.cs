using System.Buffers.Binary;
using System.Text;
using KdGan.Models.Checkpoints;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Checkpoints;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-st-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void RoundTripIsBitExactWithMetadata()
    {
        string path = Path.Combine(_dir, "a.safetensors");
        using var w = Tensor.Randn([3, 5], seed: 1);
        using var b = Tensor.FromArray(new[] { float.Epsilon, -0f, float.MaxValue });
        using var s = Tensor.Scalar(7);
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["fc1.weight"] = w, ["fc1.bias"] = b, ["step"] = s },
            new Dictionary<string, string> { ["epoch"] = "4" });
        var (tensors, meta) = SafeTensors.Read(path);
        Assert.Equal("4", meta["epoch"]);
        Assert.Equal(w.ToArray(), tensors["fc1.weight"].ToArray());
        Assert.Equal(new Shape(3, 5), tensors["fc1.weight"].Shape);
        Assert.Equal(b.ToArray().Select(BitConverter.SingleToInt32Bits), tensors["fc1.bias"].ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(Shape.Scalar, tensors["step"].Shape);
        foreach (var t in tensors.Values) t.Dispose();

        // The header is the documented layout: 8-byte length, JSON padded to 8 bytes.
        var bytes = File.ReadAllBytes(path);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0ul, n % 8);
        string json = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.Contains("\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[3,5],\"data_offsets\":[", json);
    }

    private string WriteRaw(string name, string header, int dataBytes, ulong? claimedLength = null)
    {
        string path = Path.Combine(_dir, name);
        var h = Encoding.UTF8.GetBytes(header);
        using var fs = File.Create(path);
        var len = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, claimedLength ?? (ulong)h.Length);
        fs.Write(len);
        fs.Write(h);
        fs.Write(new byte[dataBytes]);
        return path;
    }

    [Theory]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8, "truncated")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", 16, "needs 8 bytes")]
    [InlineData("{\"x\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, "dtype F16")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, "gap or overlap")]
    [InlineData("not json", 0, "the JSON header must start with '{' at byte 8, found byte 0x6E")]
    [InlineData("{not json}", 0, "not a valid JSON object")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0, "negative dimension")]
    public void CorruptFilesFailWithTheFileAndTheProblem(string header, int dataBytes, string problem)
    {
        string path = WriteRaw("bad.safetensors", header, dataBytes);
        var e = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void AnOversizedHeaderLengthIsRejectedBeforeAllocating()
    {
        string huge = WriteRaw("huge.safetensors", "{}", 0, claimedLength: ulong.MaxValue / 2);
        Assert.Contains("limit", Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(huge)).Message);
        string longer = WriteRaw("longer.safetensors", "{}", 0, claimedLength: 1000);
        Assert.Contains("truncated", Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(longer)).Message);
        string tiny = Path.Combine(_dir, "tiny.safetensors");
        File.WriteAllBytes(tiny, [1, 2, 3]);
        Assert.Contains("shorter than the 8-byte", Assert.Throws<CheckpointFormatException>(() => SafeTensors.Read(tiny)).Message);
        Assert.Throws<FileNotFoundException>(() => SafeTensors.Read(Path.Combine(_dir, "missing.safetensors")));
    }
}
