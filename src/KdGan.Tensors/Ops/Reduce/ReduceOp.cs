namespace KdGan.Tensors.Backends;

/// <summary>Reductions over chosen axes.</summary>
public enum ReduceOp { Sum, Max, Mean }
