using System.Text;
using KdGan.Models.Checkpoints;
using KdGan.Models.Data;

namespace KdGan.Models.Tests.Hostile;

/// <summary>
/// A seeded mutation fuzzer over every reader, in seconds: valid files with bytes flipped, runs overwritten, bytes
/// inserted and the file cut. Each mutant is read or refused with the reader's own exception; nothing else escapes,
/// nothing hangs. (The coverage-guided fuzzer is the next step: see docs/fuzzing.md.)
/// </summary>
public sealed class MutationFuzzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-fuzz-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const int Mutants = 3000;

    public static TheoryData<string> Readers => ["safetensors", "idx", "idx.gz", "npy", "cifar", "tags"];

    private static byte[] Seed(string reader) => reader switch
    {
        "safetensors" => HostileFiles.SafeTensors(),
        "idx" => HostileFiles.Idx([6, 4, 4]),
        "idx.gz" => HostileFiles.Gzip(HostileFiles.Idx([6, 4, 4])),
        "npy" => HostileFiles.Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", new byte[24]),
        "cifar" => Enumerable.Range(0, 2 * 3073).Select(i => (byte)(i % 3073 == 0 ? i / 3073 : i)).ToArray(),
        _ => Encoding.UTF8.GetBytes("{\"id\":\"1\",\"text\":\"a cat\",\"tags\":[\"cat\"]}\n{\"id\":\"2\",\"text\":\"a dog\",\"tags\":[\"dog\",\"pet\"]}\n"),
    };

    private void Read(string reader, string path)
    {
        switch (reader)
        {
            case "safetensors": SafeTensors.Read(path).Tensors.Values.ToList().ForEach(t => t.Dispose()); break;
            case "idx" or "idx.gz": IdxFile.Read(path); break;
            case "npy": NpyFile.Read(path); break;
            case "cifar": Cifar10.ReadBatches("c", [path]); break;
            default:
                File.Move(path, Path.Combine(_dir, "train.jsonl"), overwrite: true);
                TagDatasetFiles.Read(_dir, "train");
                break;
        }
    }

    private static byte[] Mutate(byte[] seed, Random rng)
    {
        var b = seed.ToList();
        int edits = 1 + rng.Next(4);
        for (int e = 0; e < edits && b.Count > 0; e++)
            switch (rng.Next(6))
            {
                case 0: b[rng.Next(b.Count)] ^= (byte)(1 << rng.Next(8)); break;                     // flip a bit
                case 1: b[rng.Next(b.Count)] = (byte)rng.Next(256); break;                          // a random byte
                case 2: { int at = rng.Next(b.Count); for (int i = at; i < Math.Min(b.Count, at + 4); i++) b[i] = 0xFF; break; } // a run of 0xFF
                case 3: b.Insert(rng.Next(b.Count + 1), (byte)rng.Next(256)); break;                // insert
                case 4: b.RemoveRange(rng.Next(b.Count), 1); break;                                  // delete
                default: { int at = rng.Next(b.Count); b.RemoveRange(at, b.Count - at); break; }    // cut the end
            }
        return [.. b];
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void EveryMutantIsReadOrRefusedByTheReadersOwnException(string reader)
    {
        var seed = Seed(reader);
        var rng = new Random(reader.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
        if (reader == "tags") KdGan.Models.Data.NpyFile.Write(Path.Combine(_dir, "train.npy"), [2, 2], new byte[4]);
        string path = Path.Combine(_dir, "mutant");
        File.WriteAllBytes(path, seed);
        Read(reader, path); // the seed itself is valid
        int refused = 0;
        for (int i = 0; i < Mutants; i++)
        {
            var mutant = Mutate(seed, rng);
            File.WriteAllBytes(path, mutant);
            var outcome = HostileFiles.Outcome(() => Read(reader, path));
            if (outcome is not null) refused++;
        }
        Assert.InRange(refused, 1, Mutants); // the mutants do exercise the error paths
    }
}
