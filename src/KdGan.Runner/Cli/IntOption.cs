using System.CommandLine;
using System.Globalization;

namespace KdGan.Runner.Cli;

/// <summary>An integer option with a range, whose parse errors name the option and the bad value.</summary>
public static class IntOption
{
    public static Option<int> Create(string name, string helpName, string description, int fallback, int min = int.MinValue, int max = int.MaxValue) =>
        new(name)
        {
            HelpName = helpName,
            Description = description,
            DefaultValueFactory = _ => fallback,
            CustomParser = r =>
            {
                string s = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
                    r.AddError($"{name} expects an integer, got '{ConfigOptions.Cut(s)}'.");
                else if (v < min || v > max)
                    r.AddError($"{name} must be between {min} and {max}, got {v}.");
                return v;
            },
        };
}
