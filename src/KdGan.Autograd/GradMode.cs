namespace KdGan.Autograd;

/// <summary>Whether operations record a graph for backpropagation (per thread).</summary>
public static class GradMode
{
    [ThreadStatic] private static int t_disabled;

    /// <summary>True unless inside a <see cref="NoGrad"/> scope on this thread.</summary>
    public static bool IsEnabled => t_disabled == 0;

    /// <summary>Until disposed, operations on this thread record nothing (like <c>torch.no_grad()</c>).</summary>
    public static IDisposable NoGrad()
    {
        t_disabled++;
        return new Restore();
    }

    private sealed class Restore : IDisposable
    {
        private bool _done;
        public void Dispose()
        {
            if (_done) return;
            _done = true;
            t_disabled--;
        }
    }
}
