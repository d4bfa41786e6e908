using KdGan.Autograd;
using KdGan.Tensors;

namespace KdGan.Models.Nn;

/// <summary>
/// A network part with parameters, buffers and submodules registered explicitly (no reflection), so
/// <see cref="NamedParameters"/> yields PyTorch-style names (<c>fc1.weight</c>) in registration order and a
/// state dict round-trips through safetensors to and from PyTorch.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<(string Name, Variable Parameter)> _parameters = [];
    private readonly List<(string Name, Tensor Buffer)> _buffers = [];
    private readonly List<(string Name, Module Module)> _children = [];

    /// <summary>True in training mode (dropout active, batch norm uses batch statistics).</summary>
    public bool Training { get; private set; } = true;

    protected Variable RegisterParameter(string name, Tensor value)
    {
        CheckName(name);
        var p = new Variable(TensorScope.Escape(value), requiresGrad: true);
        _parameters.Add((name, p));
        return p;
    }

    protected Tensor RegisterBuffer(string name, Tensor value)
    {
        CheckName(name);
        _buffers.Add((name, TensorScope.Escape(value)));
        return value;
    }

    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        _children.Add((name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"{GetType().Name}: '{name}' is not a valid name (non-empty, no '.').");
        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _children.Any(c => c.Name == name))
            throw new ArgumentException($"{GetType().Name}: '{name}' is registered twice.");
    }

    public IEnumerable<(string Name, Module Module)> NamedChildren() => _children;

    /// <summary>Every parameter with its dotted path, this module's first, then each child's in order.</summary>
    public IEnumerable<(string Name, Variable Parameter)> NamedParameters()
    {
        foreach (var p in _parameters) yield return p;
        foreach (var (name, child) in _children)
            foreach (var (n, p) in child.NamedParameters()) yield return ($"{name}.{n}", p);
    }

    public IEnumerable<Variable> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>Every buffer (e.g. batch norm running statistics) with its dotted path.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers()
    {
        foreach (var b in _buffers) yield return b;
        foreach (var (name, child) in _children)
            foreach (var (n, b) in child.NamedBuffers()) yield return ($"{name}.{n}", b);
    }

    /// <summary>Number of scalar parameters.</summary>
    public long ParameterCount => Parameters().Sum(p => p.Data.NumElements);

    public Module Train(bool training = true)
    {
        Training = training;
        foreach (var (_, c) in _children) c.Train(training);
        return this;
    }

    public Module Eval() => Train(false);

    /// <summary>Parameters and buffers by name (views of the live tensors, not copies).</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var d = NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Data);
        foreach (var (n, b) in NamedBuffers()) d[n] = b;
        return d;
    }

    /// <summary>Copies values in by name. Missing or unexpected names and shape mismatches are errors naming them.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        var mine = StateDict();
        var missing = mine.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !mine.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new ArgumentException($"{GetType().Name}.LoadStateDict: missing {Names(missing)}; unexpected {Names(unexpected)}.");
        foreach (var (name, t) in mine)
        {
            var src = state[name];
            if (src.Shape != t.Shape)
                throw new ArgumentException($"{GetType().Name}.LoadStateDict: '{name}' has shape {src.Shape} but the module expects {t.Shape}.");
            using var moved = src.To(t.Device);
            t.CopyFrom(moved);
        }
    }

    private static string Names(List<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);

    /// <summary>
    /// Moves every parameter and buffer to <paramref name="device"/> (gradients are dropped). The moved tensors
    /// escape any open <see cref="TensorScope"/>, like the ones registered at construction: they belong to the module.
    /// </summary>
    public virtual Module To(Device device)
    {
        foreach (var (_, p) in _parameters)
            if (!p.Device.Equals(device)) p.SetData(TensorScope.Escape(p.Data.To(device)));
        for (int i = 0; i < _buffers.Count; i++)
            if (!_buffers[i].Buffer.Device.Equals(device))
            {
                var moved = TensorScope.Escape(_buffers[i].Buffer.To(device));
                _buffers[i].Buffer.Dispose();
                _buffers[i] = (_buffers[i].Name, moved);
                OnBufferMoved(_buffers[i].Name, moved);
            }
        foreach (var (_, c) in _children) c.To(device);
        return this;
    }

    /// <summary>Lets a module that keeps a field for a buffer follow it to a new device.</summary>
    protected virtual void OnBufferMoved(string name, Tensor moved) { }

    /// <summary>Drops every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.ZeroGrad();
    }

    public virtual void Dispose()
    {
        foreach (var (_, p) in _parameters) p.Dispose();
        foreach (var (_, b) in _buffers) b.Dispose();
        foreach (var (_, c) in _children) c.Dispose();
    }
}

/// <summary>A module with one input and one output.</summary>
public abstract class Layer : Module
{
    public abstract Variable Forward(Variable x);
}
