using System.Text.RegularExpressions;

namespace KdGan.Tensors.Tests.Backends;

/// <summary>Kernels are float-only: no <c>double</c>, no <c>Math.</c> (MathF / XMath instead) in their sources.</summary>
public sealed class KernelSourceTests
{
    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KdGan.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"KdGan.sln not found above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void Kernel_sources_use_no_double_and_no_Math()
    {
        var kernelDir = Path.Combine(RepoRoot(), "src", "KdGan.Tensors", "Backends", "Gpu", "Kernels");
        var files = Directory.GetFiles(kernelDir, "*.cs");
        Assert.NotEmpty(files);
        var forbidden = new Regex(@"\bdouble\b|(?<![\w.])Math\.|\bSystem\.Math\b|\d\.\d*[dD]\b|\b\d+[dD]\b");
        var hits = new List<string>();
        foreach (var f in files)
        {
            var lines = File.ReadAllLines(f);
            for (int i = 0; i < lines.Length; i++)
            {
                string code = lines[i];
                int comment = code.IndexOf("//", StringComparison.Ordinal);
                if (comment >= 0) code = code[..comment];
                if (forbidden.IsMatch(code)) hits.Add($"{Path.GetFileName(f)}:{i + 1}: {lines[i].Trim()}");
            }
        }
        Assert.True(hits.Count == 0, "double or Math. in kernel code:\n" + string.Join("\n", hits));
    }
}
