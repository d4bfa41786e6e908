// CpuSimd.Force is process-wide and many classes here force a SIMD level: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
