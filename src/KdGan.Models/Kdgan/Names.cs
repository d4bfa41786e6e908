namespace KdGan.Models.Kdgan;

/// <summary>
/// The one spelling of every enum value in files, folders and messages (lower case, kebab-case), and the one way a name
/// is read back: case-insensitive. JSON files and the command line both go through here.
/// </summary>
public static class Names
{
    /// <summary>"kdgan", "gumbel", "l2", "auto": the stored spelling of <paramref name="value"/>.</summary>
    public static string Of(Enum value) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>Every value's stored spelling, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => All(typeof(T));

    /// <summary>Every value's stored spelling of the enum <paramref name="type"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All(Type type) => Enum.GetValues(type).Cast<Enum>().Select(Of).ToArray();

    /// <summary>The value spelled <paramref name="name"/> (any case); false when there is none.</summary>
    public static bool TryParse<T>(string? name, out T value) where T : struct, Enum
    {
        bool found = TryParse(typeof(T), name, out var v);
        value = found ? (T)v! : default;
        return found;
    }

    /// <summary>The value of the enum <paramref name="type"/> spelled <paramref name="name"/> (any case).</summary>
    public static bool TryParse(Type type, string? name, out object? value)
    {
        value = Enum.GetValues(type).Cast<Enum>().FirstOrDefault(v => string.Equals(Of(v), name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return value is not null;
    }

    /// <summary>"one of a, b or c": for messages that list the known values.</summary>
    public static string OneOf(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];
}
