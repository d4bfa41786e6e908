// The ILGPU CPU accelerator runs one OS thread per GPU thread, and memory-statistics tests read process-wide
// counters: run the test classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
