// Some tests count live tensors process-wide (MemoryStats) or force process-wide settings: run classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
