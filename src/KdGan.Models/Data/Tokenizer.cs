using System.Text;

namespace KdGan.Models.Data;

/// <summary>Splits post text into words: lower case (invariant), runs of letters and digits; everything else separates.</summary>
public static class Tokenizer
{
    public static string[] Words(string text)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        foreach (char ch in text)
        {
            if (char.IsLetterOrDigit(ch)) sb.Append(char.ToLowerInvariant(ch));
            else if (sb.Length > 0)
            {
                words.Add(sb.ToString());
                sb.Clear();
            }
        }
        if (sb.Length > 0) words.Add(sb.ToString());
        return words.ToArray();
    }

    /// <summary>A tag as stored in vocabularies: trimmed, lower case.</summary>
    public static string NormalizeTag(string tag) => tag.Trim().ToLowerInvariant();
}
