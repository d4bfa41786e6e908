using System.Globalization;
using KdGan.Autograd;
using KdGan.Models.Optim;
using KdGan.Tensors;

namespace KdGan.Models.Checkpoints;

/// <summary>
/// A training checkpoint in one safetensors file: parameters under <c>model.NAME</c>, buffers (batch norm's running
/// statistics) under <c>buffer.NAME</c>, optimizer state under
/// <c>optim.OPT.STATE</c> (e.g. <c>optim.c.3.exp_avg</c>) with each optimizer's step count and any caller
/// metadata (epoch, RNG offsets, the run's JSON config) in the string metadata block. Parameter tensors use
/// the plain names too, so the weights load in PyTorch after stripping the <c>model.</c> prefix.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    private Checkpoint(Dictionary<string, Tensor> tensors, Dictionary<string, string> metadata, string path)
    {
        Tensors = tensors;
        Metadata = metadata;
        Path = path;
    }

    public string Path { get; }
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public static void Save(string path, IReadOnlyDictionary<string, Variable> parameters,
        IReadOnlyDictionary<string, Optimizer>? optimizers = null, IReadOnlyDictionary<string, string>? metadata = null,
        IReadOnlyDictionary<string, Tensor>? buffers = null)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, p) in parameters) tensors["model." + name] = p.Data;
        foreach (var (name, b) in buffers ?? new Dictionary<string, Tensor>()) tensors["buffer." + name] = b;
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>());
        foreach (var (opt, optimizer) in optimizers ?? new Dictionary<string, Optimizer>())
        {
            foreach (var (state, t) in optimizer.StateTensors()) tensors[$"optim.{opt}.{state}"] = t;
            meta[$"optim.{opt}.step"] = optimizer.StepCount.ToString(CultureInfo.InvariantCulture);
            meta[$"optim.{opt}.lr"] = optimizer.LearningRate.ToString("R", CultureInfo.InvariantCulture);
        }
        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        SafeTensors.Write(path, tensors, meta);
    }

    public static Checkpoint Load(string path, Device? device = null)
    {
        var (tensors, metadata) = SafeTensors.Read(path, device);
        return new Checkpoint(tensors, metadata, path);
    }

    /// <summary>Copies the saved values into <paramref name="parameters"/>; names and shapes must match exactly.</summary>
    public void RestoreParameters(IReadOnlyDictionary<string, Variable> parameters)
    {
        var saved = Tensors.Keys.Where(k => k.StartsWith("model.", StringComparison.Ordinal)).Select(k => k[6..]).ToHashSet();
        var missing = parameters.Keys.Where(k => !saved.Contains(k)).ToList();
        var unexpected = saved.Where(k => !parameters.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new CheckpointFormatException(Path,
                $"parameters do not match the model (missing: {Describe(missing)}; unexpected: {Describe(unexpected)}).");
        foreach (var (name, p) in parameters)
        {
            var t = Tensors["model." + name];
            if (t.Shape != p.Shape)
                throw new CheckpointFormatException(Path, $"parameter '{name}' has shape {t.Shape} in the checkpoint but {p.Shape} in the model.");
            p.Data.CopyFrom(t);
        }
    }

    /// <summary>
    /// Copies the saved buffers into <paramref name="buffers"/> (a module's running statistics); names and shapes must
    /// match exactly, so a network with batch norm never resumes with fresh statistics.
    /// </summary>
    public void RestoreBuffers(IReadOnlyDictionary<string, Tensor> buffers)
    {
        var saved = Tensors.Keys.Where(k => k.StartsWith("buffer.", StringComparison.Ordinal)).Select(k => k[7..]).ToHashSet();
        var missing = buffers.Keys.Where(k => !saved.Contains(k)).ToList();
        var unexpected = saved.Where(k => !buffers.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new CheckpointFormatException(Path, $"buffers do not match the model (missing: {Describe(missing)}; unexpected: {Describe(unexpected)}).");
        foreach (var (name, b) in buffers)
        {
            var t = Tensors["buffer." + name];
            if (t.Shape != b.Shape)
                throw new CheckpointFormatException(Path, $"buffer '{name}' has shape {t.Shape} in the checkpoint but {b.Shape} in the model.");
            b.CopyFrom(t);
        }
    }

    /// <summary>Restores optimizer <paramref name="name"/>'s state, step count and learning rate.</summary>
    public void RestoreOptimizer(string name, Optimizer optimizer)
    {
        if (!Metadata.TryGetValue($"optim.{name}.step", out var step))
            throw new CheckpointFormatException(Path, $"no state for optimizer '{name}'.");
        string prefix = $"optim.{name}.";
        var state = Tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
        if (!long.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out long stepCount))
            throw new CheckpointFormatException(Path, $"optimizer '{name}' has step \"{step}\" in the metadata; expected a non-negative integer.");
        float? learningRate = null;
        if (Metadata.TryGetValue($"optim.{name}.lr", out var lr))
        {
            if (!float.TryParse(lr, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value) || value < 0)
                throw new CheckpointFormatException(Path, $"optimizer '{name}' has learning rate \"{lr}\" in the metadata; expected a finite non-negative number.");
            learningRate = value;
        }
        try { optimizer.LoadState(state, stepCount); }
        catch (ArgumentException e) { throw new CheckpointFormatException(Path, e.Message); }
        if (learningRate is float r) optimizer.LearningRate = r;
    }

    private static string Describe(List<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);

    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}
