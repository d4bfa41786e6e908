using System.Runtime.InteropServices;

namespace KdGan.Runner.Cli;

/// <summary>
/// Ctrl+C and SIGTERM for a long command: the first signal asks the run to stop after its current step (it then keeps
/// its last checkpoint and says how to resume); a second one exits at once with code 130.
/// </summary>
public sealed class Interrupts : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TextWriter _err;
    private int _signals;

    public Interrupts(TextWriter err)
    {
        _err = err;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
    }

    public CancellationToken Token => _cts.Token;
    public bool Requested => _cts.IsCancellationRequested;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // no default termination: we stop cleanly
        if (Interlocked.Increment(ref _signals) > 1)
        {
            _err.WriteLine("kdgan: second interrupt: exiting now.");
            _err.Flush();
            Environment.Exit(ExitCodes.Interrupted);
        }
        _err.WriteLine($"kdgan: {context.Signal}: stopping after the current step (interrupt again to exit at once).");
        _err.Flush();
        _cts.Cancel();
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cts.Dispose();
    }
}
