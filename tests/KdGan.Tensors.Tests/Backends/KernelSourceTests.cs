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
        var files = KernelSources();
        Assert.Contains(files, f => f.EndsWith("GemmKernel.cs", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("LstmKernels.cs", StringComparison.Ordinal));
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

    /// <summary>
    /// Every file of device code: the shared kernels in Backends/Gpu/Kernels, and in each op family's folder
    /// under Ops/ its ILGPU kernels (<c>{Family}Kernels.cs</c>, not the <c>I{Family}Kernels.cs</c> interfaces) and
    /// functors (<c>*Functors.Gpu.cs</c>).
    /// </summary>
    private static List<string> KernelSources()
    {
        string tensors = Path.Combine(RepoRoot(), "src", "KdGan.Tensors");
        var shared = Directory.GetFiles(Path.Combine(tensors, "Backends", "Gpu", "Kernels"), "*.cs");
        var families = Directory.GetFiles(Path.Combine(tensors, "Ops"), "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is var name &&
                        ((name.EndsWith("Kernels.cs", StringComparison.Ordinal) && !Regex.IsMatch(name, "^I[A-Z]")) ||
                         name.EndsWith("Functors.Gpu.cs", StringComparison.Ordinal)));
        return [.. shared, .. families];
    }
}
