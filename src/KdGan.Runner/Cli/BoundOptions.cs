using System.CommandLine;
using KdGan.Models.Kdgan;

namespace KdGan.Runner.Cli;

/// <summary>
/// The table's options as one command added them: applies the given ones to a configuration, says which were given,
/// and turns a <see cref="ConfigException"/> (which names a configuration key) into a usage error naming the flag.
/// </summary>
public sealed class BoundOptions(string command, IReadOnlyList<(ConfigOption Entry, Option<string> Option)> options, IReadOnlyDictionary<string, string> ownFlags)
{
    /// <summary>The command's name, for messages ("train").</summary>
    public string Command => command;

    /// <summary>Sets every option given on the command line; a value that does not parse is a usage error naming the flag.</summary>
    public void Apply(ParseResult parsed, ExperimentConfig cfg)
    {
        foreach (var (entry, option) in options)
        {
            if (parsed.GetResult(option) is null) continue;
            string raw = parsed.GetValue(option) ?? "";
            object? value;
            try { value = ConfigOptions.Parse(entry.Key, raw); }
            catch (FormatException e) { throw new UsageException($"{command}: --{entry.Flag} {e.Message}"); }
            ConfigOptions.Set(cfg, entry.Key, value);
        }
    }

    /// <summary>The configuration keys whose options were given.</summary>
    public IReadOnlySet<string> GivenKeys(ParseResult parsed) => options.Where(o => parsed.GetResult(o.Option) is not null).Select(o => o.Entry.Key).ToHashSet();

    /// <summary>Whether the option of configuration key <paramref name="key"/> was given.</summary>
    public bool Given(ParseResult parsed, string key) => options.Any(o => o.Entry.Key == key && parsed.GetResult(o.Option) is not null);

    /// <summary>The flag that sets <paramref name="key"/> on this command ("--alpha"), or null.</summary>
    public string? FlagOf(string key) =>
        ownFlags.TryGetValue(key, out var own) ? "--" + own : options.FirstOrDefault(o => o.Entry.Key == key).Entry is { } e ? "--" + e.Flag : null;

    /// <summary>
    /// The usage error for a bad configuration value: naming the flag that sets the key (or the key, where no flag does);
    /// for a value read from a configuration file, naming the file and the key.
    /// </summary>
    public UsageException Error(ConfigException e, string? file = null) =>
        new(file is not null ? $"{command}: config file '{file}': key '{e.Key}' {e.Problem}"
            : FlagOf(e.Key) is { } flag ? $"{command}: {flag} {e.Problem}"
            : $"{command}: configuration key '{e.Key}' {e.Problem}");
}
