namespace KdGan.Tensors.Backends.Reference;

/// <summary>The fused optimiser updates as plain loops in double precision: the spec the kernels are tested against.</summary>
public static class ReferenceOptimizerOps
{
    /// <summary>One Adam step (see <see cref="IOptimizerKernels.AdamStep"/>); returns the new p, m and v.</summary>
    public static (float[] P, float[] M, float[] V) AdamStep(float[] p, float[] g, float[] m, float[] v, AdamCoefficients c)
    {
        int n = p.Length;
        var (np, nm, nv) = (new float[n], new float[n], new float[n]);
        for (int i = 0; i < n; i++)
        {
            double mi = m[i] + ((double)g[i] - m[i]) * (1 - (double)c.Beta1);
            double vi = v[i] * (double)c.Beta2 + (double)g[i] * g[i] * (1 - (double)c.Beta2);
            double denom = Math.Sqrt(vi) * c.InvSqrtBias2 + c.Eps;
            (nm[i], nv[i], np[i]) = ((float)mi, (float)vi, (float)(p[i] - mi / denom * c.StepSize));
        }
        return (np, nm, nv);
    }
}
