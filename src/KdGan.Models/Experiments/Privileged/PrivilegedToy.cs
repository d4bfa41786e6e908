using KdGan.Models.Data;
using KdGan.Models.Kdgan;
using KdGan.Models.Nn;
using KdGan.Models.Training;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Experiments.Privileged;

/// <summary>
/// A tiny experiment with privileged information, generated in memory (no files): each example is
/// <see cref="Features"/> noisy features of its class (a class prototype plus Gaussian noise), which C and D see, and one
/// privileged feature, the class scaled to [0, 1] plus a little noise, which only T sees. T can therefore be far better
/// than C, and distillation has something to pass on. It exercises what the tag-recommendation experiment needs (T sees
/// more than C) in seconds, and is how the tests prove that the trainer knows nothing of images.
/// </summary>
public static class PrivilegedToy
{
    public const int Features = 16, Classes = 10, TrainCount = 2_000, TestCount = 1_000;

    public static readonly ExperimentEntry Entry = new("toy-privileged",
        $"synthetic: {Features} noisy features for C and D, plus one privileged feature for T (generated, no files)", Augment.Off,
        _ => Create(), new Dictionary<Method, IReadOnlyDictionary<int, double>>(), _ => (0.1f, 2.0f));

    /// <summary>The data set, the same for every call (fixed generator seed).</summary>
    public static IExperiment Create()
    {
        var rng = new PhiloxRandom(0x746F79);
        var prototypes = new float[Classes * Features];
        for (int i = 0; i < prototypes.Length; i++) prototypes[i] = rng.NextFloat();
        LabeledImages Make(string name, int count, out byte[] privileged)
        {
            var pixels = new byte[count * Features];
            var labels = new int[count];
            privileged = new byte[count];
            for (int i = 0; i < count; i++)
            {
                int c = labels[i] = i % Classes;
                for (int j = 0; j < Features; j++) pixels[i * Features + j] = Quantize(prototypes[c * Features + j] + 0.35f * Normal(rng));
                privileged[i] = Quantize(c / (Classes - 1f) + 0.02f * Normal(rng));
            }
            return new LabeledImages(name, pixels, labels, 1, 1, Features, Enumerable.Range(0, Classes).Select(c => c.ToString()).ToArray());
        }
        var train = Make("toy-privileged train", TrainCount, out var trainPrivileged);
        var test = Make("toy-privileged test", TestCount, out var testPrivileged);
        var data = new TrainTestSets("toy-privileged", train.All(), test.All());
        return new ImageClassification(Entry, data, () => [], Networks,
            (view, _) => new PrivilegedBatchSource(view, ReferenceEquals(view.Source, train) ? trainPrivileged : testPrivileged));
    }

    private static byte Quantize(float v) => (byte)Math.Clamp(MathF.Round(v * 255f), 0, 255);

    private static float Normal(PhiloxRandom rng) =>
        MathF.Sqrt(-2f * MathF.Log(1f - rng.NextFloat())) * MathF.Cos(2f * MathF.PI * rng.NextFloat());

    /// <summary>C and D: features -> 32 -> 10; T: features + the privileged one -> 32 -> 10.</summary>
    private static Sequential Networks(Role role, ExperimentConfig cfg, Generator init, Generator dropout, Device device)
    {
        int inputs = role == Role.Teacher ? Features + 1 : Features;
        float p = role == Role.Student ? cfg.StudentDropout : cfg.TeacherDropout;
        return (Sequential)new Sequential(
            new Linear(inputs, 32, init, device: device), new Relu(), new Dropout(p, dropout),
            new Linear(32, Classes, init, device: device)).To(device);
    }

    /// <summary>Batches whose teacher input is the features with the privileged feature appended.</summary>
    private sealed class PrivilegedBatchSource(DataView view, byte[] privileged) : IBatchSource<IExampleBatch>
    {
        public int Count => view.Count;

        public IHostBatch<IExampleBatch> Prepare(int[] positions, ulong seed)
        {
            int b = positions.Length;
            var seen = new float[b * Features];
            var full = new float[b * (Features + 1)];
            var classes = new int[b];
            for (int i = 0; i < b; i++)
            {
                int index = view.Indices[positions[i]];
                classes[i] = view.Source.Labels[index];
                var bytes = view.Source.Image(index);
                for (int j = 0; j < Features; j++) seen[i * Features + j] = full[i * (Features + 1) + j] = bytes[j] / 255f;
                full[i * (Features + 1) + Features] = privileged[index] / 255f;
            }
            return new Host(seen, full, classes);
        }

        private sealed class Host(float[] seen, float[] full, int[] classes) : IHostBatch<IExampleBatch>
        {
            public IExampleBatch Upload(Device device) => new Batch(
                Tensor.FromArray(seen, [classes.Length, Features], device), Tensor.FromArray(full, [classes.Length, Features + 1], device), classes);
        }
    }

    private sealed class Batch(Tensor seen, Tensor full, int[] classes) : IExampleBatch
    {
        public int Count => classes.Length;
        public int[] Classes => classes;
        public Tensor Input(Role role) => role == Role.Teacher ? full : seen;

        public void Dispose()
        {
            seen.Dispose();
            full.Dispose();
        }
    }
}
