using KdGan.Tensors;

namespace KdGan.Autograd;

/// <summary>The result of one input's gradient check.</summary>
public sealed record GradCheckResult(int Input, int WorstIndex, double Analytic, double Numeric, double Error, double Tolerance)
{
    public bool Passed => Error <= Tolerance;
    public override string ToString() =>
        $"input {Input}, element {WorstIndex}: analytic {Analytic:G6}, numeric {Numeric:G6} (|diff| {Error:G3}, tolerance {Tolerance:G3})";
}

/// <summary>
/// Checks a Function's backward against central finite differences. The scalar checked is
/// L = sum(w * f(x)) for a fixed random w (so every output element matters); its analytic gradient comes
/// from <see cref="Variable.Backward"/> with w as the output gradient. Numerically,
/// dL/dx_i ~ (L(x + h e_i) - L(x - h e_i)) / 2h, where the perturbation, the sum and the difference are
/// done in float64 on the host; f itself is evaluated by the float32 backend of the inputs' device (there is
/// no float64 backend). Every tensor the check creates (the weights w, the perturbed inputs) lives on the
/// device of the inputs, so the same check runs the CPU backend or the GPU kernels.
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Checks d f / d inputs. <paramref name="f"/> builds the output from the inputs (called many times,
    /// under NoGrad for the numeric part). Tolerance per element: atol + rtol * |numeric|.
    /// </summary>
    public static IReadOnlyList<GradCheckResult> Check(Func<Variable[], Variable> f, Tensor[] inputs,
        double h = 1e-2, double atol = 1e-3, double rtol = 1e-2, ulong seed = 1234)
    {
        if (inputs.Length == 0) throw new ArgumentException("GradCheck: needs at least one input.", nameof(inputs));
        var device = inputs[0].Device;
        foreach (var t in inputs)
            if (!t.Device.Equals(device))
                throw new ArgumentException($"GradCheck: inputs are on {device} and {t.Device}; put them all on one device.", nameof(inputs));

        // Analytic gradients.
        var vars = inputs.Select(t => new Variable(t.Clone(), requiresGrad: true)).ToArray();
        float[] w;
        using (var y = f(vars))
        {
            if (!y.Data.Device.Equals(device))
                throw new InvalidOperationException($"GradCheck: the inputs are on {device} but f returned a result on {y.Data.Device}.");
            using var weights = Tensor.Randn(y.Shape, seed, device: device);
            w = weights.ToArray();
            y.Backward(weights);
        }
        foreach (var v in vars)
            if (v.Grad is { } g && !g.Device.Equals(device))
                throw new InvalidOperationException($"GradCheck: the inputs are on {device} but backward left a gradient on {g.Device}.");
        var analytic = vars.Select(v => v.Grad?.ToArray() ?? new float[v.Data.NumElements]).ToArray();
        foreach (var v in vars) v.Dispose();

        var results = new List<GradCheckResult>();
        using var noGrad = GradMode.NoGrad();
        for (int k = 0; k < inputs.Length; k++)
        {
            var values = inputs[k].ToArray();
            var worst = new GradCheckResult(k, -1, 0, 0, 0, 0);
            double worstRatio = -1;
            for (int i = 0; i < values.Length; i++)
            {
                float up = (float)(values[i] + h), down = (float)(values[i] - h); // the points actually evaluated
                double plus = Evaluate(f, inputs, k, values, i, up, w);
                double minus = Evaluate(f, inputs, k, values, i, down, w);
                double numeric = (plus - minus) / ((double)up - down);
                double error = Math.Abs(analytic[k][i] - numeric);
                double tol = atol + rtol * Math.Abs(numeric);
                if (error / tol > worstRatio)
                {
                    worstRatio = error / tol;
                    worst = new GradCheckResult(k, i, analytic[k][i], numeric, error, tol);
                }
            }
            results.Add(worst);
        }
        return results;
    }

    /// <summary>Throws with the worst element of every failing input when a check fails.</summary>
    public static void Assert(string name, Func<Variable[], Variable> f, Tensor[] inputs,
        double h = 1e-2, double atol = 1e-3, double rtol = 1e-2)
    {
        var failed = Check(f, inputs, h, atol, rtol).Where(r => !r.Passed).ToList();
        if (failed.Count > 0)
            throw new InvalidOperationException($"GradCheck {name} failed: " + string.Join("; ", failed));
    }

    private static double Evaluate(Func<Variable[], Variable> f, Tensor[] inputs, int k, float[] values, int i, float xi, float[] w)
    {
        var perturbed = (float[])values.Clone();
        perturbed[i] = xi;
        // The perturbed input is uploaded to the inputs' device; the others are views of the inputs (To on the same
        // device shares the storage: no copy, which on a GPU saves a kernel launch per input and evaluation).
        var vars = inputs.Select((t, j) => new Variable(j == k ? Tensor.FromArray(perturbed, t.Shape, t.Device) : t.To(t.Device))).ToArray();
        try
        {
            using var y = f(vars);
            var out_ = y.ToArray();
            double sum = 0;
            for (int j = 0; j < out_.Length; j++) sum += (double)w[j] * out_[j];
            return sum;
        }
        finally
        {
            foreach (var v in vars) v.Dispose();
        }
    }
}
