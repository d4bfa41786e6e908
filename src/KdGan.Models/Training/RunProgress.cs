using System.Diagnostics;

namespace KdGan.Models.Training;

/// <summary>
/// Where a run stands in its <see cref="RunPlan"/>, and an ETA from measured phase times: the mean time of a step of
/// each player in pretraining and in the main epochs (evaluations between steps are counted in the step after them),
/// times the steps of that kind still to come. A kind not measured yet borrows the same player's other kind, then the
/// mean of all steps.
/// </summary>
public sealed class RunProgress
{
    private readonly IReadOnlyList<PlannedPhase> _plan;
    private readonly Dictionary<(bool Main, Role Role), (double Seconds, int Steps)> _measured = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _last;

    public RunProgress(IReadOnlyList<PlannedPhase> plan)
    {
        _plan = plan;
        SkipEmpty();
    }

    public IReadOnlyList<PlannedPhase> Plan => _plan;

    /// <summary>Index of the current phase in <see cref="Plan"/> (its count when the run is through).</summary>
    public int Phase { get; private set; }

    /// <summary>Steps done in the current phase.</summary>
    public int StepsDone { get; private set; }

    public PlannedPhase? Current => Phase < _plan.Count ? _plan[Phase] : null;
    public int TotalSteps => _plan.Sum(p => p.Steps);
    public int TotalStepsDone => _plan.Take(Phase).Sum(p => p.Steps) + StepsDone;

    /// <summary>Raised after every step and skip.</summary>
    public event Action<RunProgress>? Changed;

    /// <summary>One step of the current phase is done.</summary>
    public void Step()
    {
        double now = _clock.Elapsed.TotalSeconds;
        if (Current is { } phase)
        {
            var key = (phase.Main, phase.Role);
            var (s, n) = _measured.GetValueOrDefault(key);
            _measured[key] = (s + now - _last, n + 1);
            if (++StepsDone >= phase.Steps) Advance();
        }
        _last = now;
        Changed?.Invoke(this);
    }

    /// <summary>The phase labelled <paramref name="label"/> will not run (a pretrained network loaded from the cache).</summary>
    public void Skip(string label)
    {
        if (Current?.Label == label) Advance();
        _last = _clock.Elapsed.TotalSeconds;
        Changed?.Invoke(this);
    }

    /// <summary>A resumed run: pretraining and the main epochs up to <paramref name="epoch"/> are done.</summary>
    public void ResumeAfter(int epoch)
    {
        int done = _plan.Count(p => !p.Main) + _plan.Count(p => p.Main && p.Epoch <= epoch);
        (Phase, StepsDone) = (Math.Min(done, _plan.Count), 0);
        SkipEmpty();
        _last = _clock.Elapsed.TotalSeconds;
        Changed?.Invoke(this);
    }

    /// <summary>Seconds left, estimated from the step times measured so far; null before the first step.</summary>
    public double? SecondsLeft()
    {
        var all = _measured.Values.Aggregate((Seconds: 0.0, Steps: 0), (a, m) => (a.Seconds + m.Seconds, a.Steps + m.Steps));
        if (all.Steps == 0) return null;
        double Mean(PlannedPhase p) =>
            _measured.TryGetValue((p.Main, p.Role), out var m) ? m.Seconds / m.Steps
            : _measured.TryGetValue((!p.Main, p.Role), out m) ? m.Seconds / m.Steps
            : all.Seconds / all.Steps;
        double left = 0;
        for (int i = Phase; i < _plan.Count; i++) left += (_plan[i].Steps - (i == Phase ? StepsDone : 0)) * Mean(_plan[i]);
        return left;
    }

    private void Advance()
    {
        Phase++;
        StepsDone = 0;
        SkipEmpty();
    }

    private void SkipEmpty()
    {
        while (Phase < _plan.Count && _plan[Phase].Steps == 0) Phase++;
    }
}
