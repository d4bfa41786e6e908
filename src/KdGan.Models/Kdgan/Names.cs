namespace KdGan.Models.Kdgan;

/// <summary>
/// The one spelling of every enum value in files, folders and messages (lower case, kebab-case), and the one way a name
/// is read back: case-insensitive. JSON files and the command line both go through here.
/// </summary>
public static class Names
{
    /// <summary>"kdgan", "gumbel", "l2", "auto": the stored spelling of <paramref name="value"/>.</summary>
    public static string Of<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>Every value's stored spelling, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Enum.GetValues<T>().Select(Of).ToArray();

    /// <summary>The value spelled <paramref name="name"/> (any case); false when there is none.</summary>
    public static bool TryParse<T>(string? name, out T value) where T : struct, Enum
    {
        foreach (var v in Enum.GetValues<T>())
            if (string.Equals(Of(v), name?.Trim(), StringComparison.OrdinalIgnoreCase)) { value = v; return true; }
        value = default;
        return false;
    }

    /// <summary>"one of a, b or c": for messages that list the known values.</summary>
    public static string OneOf(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];
}
