namespace KdGan.Models.Data;

/// <summary>
/// A data set whose files are not installed. The message says which files were looked for, where,
/// and how to get them (the set-up command, or where to put files that cannot be downloaded here).
/// </summary>
public sealed class DataNotFoundException(string dataset, string message) : Exception($"{dataset} not found: {message}")
{
    public string Dataset { get; } = dataset;
}
