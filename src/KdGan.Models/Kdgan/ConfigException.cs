namespace KdGan.Models.Kdgan;

/// <summary>
/// A bad configuration value, raised before any work. <see cref="Key"/> is the configuration key as config.json spells
/// it ("alpha", "cGanLearningRate"); <see cref="Problem"/> says what is wrong with its value ("must be in [0, 1], got
/// 1.5"). The command line reports the flag it maps the key to; Models knows no flags.
/// </summary>
public sealed class ConfigException(string key, string problem) : ArgumentException($"{key} {problem}")
{
    public string Key { get; } = key;
    public string Problem { get; } = problem;
}
