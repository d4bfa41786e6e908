using KdGan.Models.Checkpoints;
using KdGan.Models.Data;
using SharpFuzz;

// One reader per process, chosen by the first argument; AFL++ feeds the inputs. A crash is any exception but the
// readers' own (the contract the mutation tests in tests/KdGan.Models.Tests/Hostile check in CI).
string reader = args.Length > 0 ? args[0] : throw new ArgumentException("usage: KdGan.Fuzz safetensors|idx|npy|cifar|tags");
string dir = Directory.CreateTempSubdirectory("kdgan-afl-").FullName;
string path = Path.Combine(dir, reader == "tags" ? "train.jsonl" : "input");
// The tags reader needs a .npy beside the .jsonl. Written by hand: instrumented code (KdGan.Models) must not run
// before Fuzzer.OutOfProcess.Run, or the fork server aborts.
if (reader == "tags")
{
    var header = System.Text.Encoding.Latin1.GetBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2), }\n");
    File.WriteAllBytes(Path.Combine(dir, "train.npy"), [0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, 0, .. header, 0, 0, 0, 0]);
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using (var file = File.Create(path)) stream.CopyTo(file);
    try
    {
        switch (reader)
        {
            case "safetensors": foreach (var t in SafeTensors.Read(path).Tensors.Values) t.Dispose(); break;
            case "idx": IdxFile.Read(path); break;
            case "npy": NpyFile.Read(path); break;
            case "cifar": Cifar10.ReadBatches("fuzz", [path]); break;
            case "tags": TagDatasetFiles.Read(dir, "train"); break;
            default: throw new ArgumentException($"unknown reader '{reader}'");
        }
    }
    catch (Exception e) when (e is DataFormatException or CheckpointFormatException) { }
});
