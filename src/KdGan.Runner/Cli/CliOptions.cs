using System.Globalization;

namespace KdGan.Runner.Cli;

/// <summary>A command-line usage error: printed with the command's usage, exit code 2, before any work starts.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// <c>--name value</c> options of one command. Every option must be known to the command (a typo is an
/// error, not silently ignored) and every value must parse; errors name the option and the bad value.
/// </summary>
public sealed class CliOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly string _command;

    public CliOptions(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> known)
    {
        _command = command;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"{command}: unexpected argument '{a}' (options look like --name value).");
            string name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) (name, value) = (name[..eq], name[(eq + 1)..]);
            if (!known.Contains(name))
                throw new UsageException($"{command}: unknown option --{name}. Known options: {string.Join(", ", known.Select(k => "--" + k))}.");
            if (value is null)
            {
                if (i + 1 >= args.Count) throw new UsageException($"{command}: option --{name} needs a value.");
                value = args[++i];
            }
            _values[name] = value;
        }
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string GetString(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public int GetInt(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!_values.TryGetValue(name, out var s)) return fallback;
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            throw new UsageException($"{_command}: --{name} expects an integer, got '{s}'.");
        if (v < min || v > max)
            throw new UsageException($"{_command}: --{name} must be between {min} and {max}, got {v}.");
        return v;
    }
}
