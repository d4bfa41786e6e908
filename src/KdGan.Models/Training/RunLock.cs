using System.Diagnostics;
using System.Globalization;

namespace KdGan.Models.Training;

/// <summary>Another live process holds the run folder's lock.</summary>
public sealed class RunLockedException(string message) : Exception(message);

/// <summary>
/// The lock of a run folder (<c>run.lock</c>: the holder's PID, its start time and the host), so two processes never
/// train into one folder. A lock whose holder is gone (killed, crashed) is stale and taken over; the start time tells a
/// holder from a later process that got the same PID.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly string _path;

    private RunLock(string path) => _path = path;

    public const string FileName = "run.lock";

    /// <summary>Takes the lock of <paramref name="dir"/>; <paramref name="log"/> hears of a stale lock taken over.</summary>
    public static RunLock Acquire(string dir, Action<string>? log = null)
    {
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, FileName);
        using var self = Process.GetCurrentProcess();
        string mine = $"{Environment.ProcessId} {self.StartTime.ToUniversalTime().Ticks} {Environment.MachineName}";
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using (var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                using (var w = new StreamWriter(fs)) w.Write(mine);
                return new RunLock(path);
            }
            catch (IOException) when (File.Exists(path))
            {
                string held;
                try { held = File.ReadAllText(path); }
                catch (IOException) { continue; } // released while we looked: try again
                if (Alive(held, out string who))
                    throw new RunLockedException($"{dir} is in use by {who}: another kdgan is training this run. Wait for it to finish " +
                                                 $"(or stop it), or train into another folder; delete {path} only if that process is not kdgan.");
                log?.Invoke($"took over the stale lock of {who}, which is no longer running ({path})");
                File.Delete(path);
            }
        }
        throw new RunLockedException($"{dir}: could not take the lock {path}; another process keeps recreating it.");
    }

    /// <summary>Who holds the lock of <paramref name="dir"/> ("PID 123 on host"), or null when nobody alive does.</summary>
    public static string? Holder(string dir)
    {
        string path = Path.Combine(dir, FileName);
        try { return File.Exists(path) && Alive(File.ReadAllText(path), out string who) ? who : null; }
        catch (IOException) { return null; } // released while we looked
    }

    /// <summary>Whether the lock's holder still runs; <paramref name="who"/> names it.</summary>
    private static bool Alive(string held, out string who)
    {
        var parts = held.Split(' ', 3);
        who = parts.Length == 3 ? $"PID {parts[0]} on {parts[2]}" : $"an unreadable lock ('{(held.Length > 60 ? held[..60] : held)}')";
        if (parts.Length != 3 || !int.TryParse(parts[0], out int pid) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out long ticks))
            return false;
        if (parts[2] != Environment.MachineName) return true; // another host's process cannot be checked: assume it runs
        try
        {
            using var p = Process.GetProcessById(pid);
            // A process's own view of its start time and another's differ by milliseconds (rounding of clock ticks).
            return !p.HasExited && Math.Abs(p.StartTime.ToUniversalTime().Ticks - ticks) < TimeSpan.TicksPerSecond;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try { File.Delete(_path); }
        catch (IOException) { }
    }
}
