using KdGan.Tensors.Rng;
namespace KdGan.Models.Data;

/// <summary>
/// Class-balanced seeded sampling: <c>n</c> examples with <c>n / K</c> of each of the K classes; the
/// <c>n mod K</c> left over go one each to classes picked at random. Which examples of a class are
/// taken is a seeded shuffle of that class. The result keeps the view's order (a sorted subset of the
/// positions), so it does not depend on how the candidates happened to be ordered beyond the seed.
/// </summary>
public static class ClassBalanced
{
    /// <summary>Takes <paramref name="n"/> examples of <paramref name="view"/>, balanced over its classes.</summary>
    public static DataView Take(DataView view, int n, ulong seed)
    {
        int k = view.Source.NumClasses;
        if (n < 0 || n > view.Count)
            throw new ArgumentOutOfRangeException(nameof(n), $"{view.Source.Name}: cannot take {n} examples from a view of {view.Count}.");
        var rng = new PhiloxRandom(seed);

        var quota = new int[k];
        for (int c = 0; c < k; c++) quota[c] = n / k;
        var classOrder = rng.Permutation(k);
        for (int r = 0; r < n % k; r++) quota[classOrder[r]]++;

        var byClass = new List<int>[k];
        for (int c = 0; c < k; c++) byClass[c] = [];
        for (int p = 0; p < view.Count; p++) byClass[view.Label(p)].Add(p);

        var chosen = new List<int>(n);
        for (int c = 0; c < k; c++)
        {
            if (quota[c] > byClass[c].Count)
                throw new ArgumentException(
                    $"{view.Source.Name}: a class-balanced subset of {n} needs {quota[c]} examples of class {c} ('{view.Source.ClassNames[c]}'), but only {byClass[c].Count} are available.");
            var positions = byClass[c].ToArray();
            rng.Shuffle<int>(positions);
            chosen.AddRange(positions.AsSpan(0, quota[c]));
        }
        chosen.Sort();
        var indices = new int[chosen.Count];
        for (int i = 0; i < indices.Length; i++) indices[i] = view.Indices[chosen[i]];
        return new DataView(view.Source, indices);
    }
}
