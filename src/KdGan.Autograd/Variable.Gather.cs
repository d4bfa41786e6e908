using KdGan.Autograd.Functions;
using KdGan.Tensors;

namespace KdGan.Autograd;

// Gather as PyTorch's torch.gather(input, dim, index): with index of input's rank,
//   out[i_0, ..., i_k] = input[i_0, ..., index[i_0, ..., i_k], ..., i_k]   (index replaces i_dim)
// and out has index's shape. It is an embedding lookup into input seen as a column [numel, 1]: the host turns each
// index entry into the flat offset of the element it picks, and the lookup's adjoint, a deterministic scatter-add,
// is gather's gradient (an element picked twice receives both gradients). Every backend has both kernels.
public sealed partial class Variable
{
    /// <summary>
    /// PyTorch's <c>gather(dim, index)</c>: index has this variable's rank, index.size(d) &lt;= size(d) for d != dim,
    /// and holds whole numbers in [0, size(dim)) (as float32, our one dtype); the result has index's shape.
    /// </summary>
    public Variable Gather(int dim, Tensor index)
    {
        const string op = "gather";
        if (index.Rank != Rank)
            throw new ArgumentException($"{op}: index {index.Shape} must have the input's rank {Rank} (input {Shape}).");
        int axis = Shape.NormalizeAxis(dim, Rank, op);
        for (int d = 0; d < Rank; d++)
            if (d != axis && index.Shape[d] > Shape[d])
                throw new ArgumentException($"{op}: index {index.Shape} is larger than input {Shape} along axis {d} (only axis {axis}, dim, may differ).");
        if (Shape[axis] == 0 && index.NumElements > 0)
            throw new ArgumentException($"{op}: input {Shape} has no entries along dim {axis} to pick from.");
        var picks = SequenceOps.ToIndices(index, Shape[axis], op); // each a whole number in [0, size(dim))
        return GatherFlat(FlatOffsets(picks, index.Shape, axis), index.Shape);
    }

    /// <summary>
    /// Entry indices[r] of row r of the last axis, one per row: the result has this shape without its last axis
    /// (e.g. each example's log-probability of its label). The same as <c>gather(-1, indices[..., None]).squeeze(-1)</c>.
    /// </summary>
    public Variable Gather(ReadOnlySpan<int> indices)
    {
        const string op = "Gather";
        if (Rank == 0) throw new ArgumentException($"{op}: needs at least one axis.");
        int classes = Shape[-1];
        long rows = Data.NumElements / Math.Max(1, classes);
        if (indices.Length != rows)
            throw new ArgumentException($"{op}: {indices.Length} indices given for {rows} rows of shape {Shape}.");
        var offsets = new int[indices.Length];
        for (int r = 0; r < indices.Length; r++)
        {
            if ((uint)indices[r] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(indices), $"{op}: index {indices[r]} at row {r} is outside [0, {classes}) for shape {Shape}.");
            offsets[r] = checked(r * classes + indices[r]);
        }
        return GatherFlat(offsets, new Shape(Shape.ToArray()[..^1]));
    }

    /// <summary>
    /// The flat (row-major) offset into the input of each index entry: its own coordinates, with the one along
    /// <paramref name="axis"/> replaced by the index value.
    /// </summary>
    private int[] FlatOffsets(int[] picks, Shape indexShape, int axis)
    {
        if (Data.NumElements > int.MaxValue) throw new ArgumentException($"gather: input {Shape} has more than 2^31 - 1 elements.");
        var inputStrides = new long[Rank];
        for (int d = Rank - 1, s = 1; d >= 0; s *= Shape[d], d--) inputStrides[d] = s;
        var offsets = new int[picks.Length];
        var coord = new int[Rank];
        for (int n = 0; n < picks.Length; n++)
        {
            long offset = 0;
            for (int d = 0; d < Rank; d++) offset += (d == axis ? picks[n] : coord[d]) * inputStrides[d];
            offsets[n] = (int)offset;
            for (int d = Rank - 1; d >= 0 && ++coord[d] == indexShape[d]; d--) coord[d] = 0; // next coordinate, row-major
        }
        return offsets;
    }

    /// <summary>The elements at <paramref name="offsets"/> of this variable read row-major, shaped as <paramref name="shape"/>.</summary>
    private Variable GatherFlat(int[] offsets, Shape shape)
    {
        using var column = Reshape(-1, 1);
        using var picked = EmbeddingFunction.Apply(column, offsets, new Shape(offsets.Length), paddingIndex: -1);
        return picked.Reshape(shape.ToArray());
    }
}
