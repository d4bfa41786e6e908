using System.Buffers.Binary;

namespace KdGan.Runner.Tests;

/// <summary>The four standard MNIST IDX files in a folder, with images whose pixels encode the label (train images, 20 test).</summary>
public static class TinyMnist
{
    public static string Write(string dir, int train)
    {
        string folder = Path.Combine(dir, "mnist");
        Directory.CreateDirectory(folder);
        var rng = new Random(7);
        void Write(string stem, int count)
        {
            var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
            var images = new byte[16 + count * 784];
            BinaryPrimitives.WriteInt32BigEndian(images, 0x803);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 28);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 28);
            for (int i = 0; i < count; i++)
                for (int j = 0; j < 784; j++)
                    images[16 + i * 784 + j] = (byte)(j / 78 == labels[i] ? 200 + rng.Next(50) : rng.Next(60));
            var labelFile = new byte[8 + count];
            BinaryPrimitives.WriteInt32BigEndian(labelFile, 0x801);
            BinaryPrimitives.WriteInt32BigEndian(labelFile.AsSpan(4), count);
            labels.CopyTo(labelFile, 8);
            File.WriteAllBytes(Path.Combine(folder, $"{stem}-images-idx3-ubyte"), images);
            File.WriteAllBytes(Path.Combine(folder, $"{stem}-labels-idx1-ubyte"), labelFile);
        }
        Write("train", train);
        Write("t10k", 20);
        return folder;
    }

    /// <summary>Runs kdgan in-process; returns the exit code and what it printed.</summary>
    public static (int Code, string Out, string Err) Kdgan(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
