using KdGan.Tensors;

namespace KdGan.Models.Data;

/// <summary>
/// What a <see cref="DataLoader{TBatch}"/> draws batches from. <see cref="Prepare"/> does the heavy part
/// (gather, convert to float, augment) into host memory and may run on a background thread while the
/// previous batch trains, so it must only read shared state. <see cref="IHostBatch{TBatch}.Upload"/>
/// makes the tensors and runs on the consumer's thread.
/// </summary>
public interface IBatchSource<out TBatch>
{
    /// <summary>Examples available (positions 0..Count-1).</summary>
    int Count { get; }

    /// <param name="positions">Positions of the examples of this batch, in order.</param>
    /// <param name="seed">Key for this epoch's random augmentation (mix it with each example's index).</param>
    IHostBatch<TBatch> Prepare(int[] positions, ulong seed);
}

/// <summary>A batch prepared in host memory, not yet tensors.</summary>
public interface IHostBatch<out TBatch>
{
    TBatch Upload(Device device);
}
