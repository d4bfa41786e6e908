#!/usr/bin/env python3
"""The fp32 SGEMM baseline for the GPU bundle: torch.matmul on CUDA with TF32 disabled (so cuBLAS runs true
fp32), square sizes from argv, median of 20 timed runs after warm-up (CUDA events). One JSON line per size."""
import json, sys
import torch

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
for n in [int(a) for a in sys.argv[1:]] or [1024, 2048, 4096]:
    a = torch.randn(n, n, device="cuda", dtype=torch.float32)
    b = torch.randn(n, n, device="cuda", dtype=torch.float32)
    for _ in range(3):
        torch.matmul(a, b)
    torch.cuda.synchronize()
    times = []
    for _ in range(20):
        s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        s.record()
        torch.matmul(a, b)
        e.record()
        torch.cuda.synchronize()
        times.append(s.elapsed_time(e))
    ms = sorted(times)[len(times) // 2]
    print(json.dumps({"op": "cublas_sgemm", "size": n, "ms": ms, "gflops": 2.0 * n ** 3 / (ms * 1e6), "reps": 20,
                      "device": torch.cuda.get_device_name()}))
