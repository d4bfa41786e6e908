#!/usr/bin/env bash
# Runs the kernel tests and the GPU benchmarks from the bundle on a machine with an NVIDIA driver and no .NET SDK.
# Usage: gpu-run.sh [BUNDLE.tar.xz] [gpu-check options...]
#   With a .tar.xz first argument it is unpacked into a temporary directory first; otherwise this script is
#   expected to sit in an unpacked bundle (kdgan-gpu/gpu-run.sh next to kdgan-gpu/bin/gpu-check).
#   Steps: nvidia-smi, `gpu-check all` (devices, PTX compile, the op, autograd and Models suites on CUDA, benchmarks), then the
#   cuBLAS fp32 baseline (torch.matmul, TF32 off) when python3 has torch, and the ratio at each size.
#   Exit code: gpu-check's (1 when any test failed).
set -uo pipefail
if [ $# -gt 0 ] && [[ "$1" == *.tar.xz ]]; then
  dir=$(mktemp -d)
  tar -C "$dir" -xJf "$1" || { echo "gpu-run: cannot unpack $1" >&2; exit 2; }
  shift
  exec bash "$dir/kdgan-gpu/gpu-run.sh" "$@"
fi
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/bin/gpu-check"
[ -x "$bin" ] || { echo "gpu-run: $bin not found; pass the bundle .tar.xz or run the gpu-run.sh inside an unpacked bundle" >&2; exit 2; }

echo "== bundle $(cat "$here/COMMIT" 2>/dev/null)"
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader
else
  echo "gpu-run: nvidia-smi not found (no NVIDIA driver?); gpu-check will say what it finds"
fi

log=$(mktemp)
export DOTNET_TieredPGO=1
"$bin" all "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

if command -v python3 >/dev/null 2>&1 && python3 -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)" 2>/dev/null; then
  echo "== cuBLAS fp32 baseline (torch.matmul, TF32 off), same machine, same run"
  python3 "$here/cublas-baseline.py" 1024 2048 4096 | tee -a "$log"
  # Ratio per size: our sgemm JSON lines against the baseline's.
  python3 - "$log" <<'PY'
import json, re, sys
ours, theirs = {}, {}
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"):
        continue
    d = json.loads(line)
    if d.get("op") == "sgemm":
        ours[d["size"]] = d["gflops"]
    if d.get("op") == "cublas_sgemm":
        theirs[d["size"]] = d["gflops"]
for n in sorted(ours):
    if n in theirs:
        print(f"sgemm {n}: KdGan {ours[n]:.0f} GFLOP/s, cuBLAS {theirs[n]:.0f} GFLOP/s, ratio {ours[n] / theirs[n]:.1%}")
PY
else
  echo "gpu-run: no python3 with CUDA torch here: cuBLAS baseline skipped"
fi
rm -f "$log"
exit "$status"
