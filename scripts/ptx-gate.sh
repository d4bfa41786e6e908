#!/usr/bin/env bash
# The PTX gate's second half: assembles every .ptx file in DIR (written by the kernel tests' PTX check when
# KDGAN_PTX_DIR is set) with NVIDIA's ptxas for sm_90. ptxas comes from scripts/fetch-ptxas.sh (Debian's
# non-free nvidia-cuda-toolkit, unpacked, not installed). Best effort: without ptxas it says so on one line
# starting "ptx-gate:" and exits 0; with ptxas, any kernel that fails to assemble makes it exit 1.
# Usage: scripts/ptx-gate.sh DIR [ARCH]   (ARCH defaults to sm_90)
set -uo pipefail
dir="${1:?usage: ptx-gate.sh DIR [ARCH]}"
arch="${2:-sm_90}"
here="$(cd "$(dirname "$0")" && pwd)"

shopt -s nullglob
files=("$dir"/*.ptx)
if [ ${#files[@]} -eq 0 ]; then
  echo "ptx-gate: FAILED - no PTX files in $dir (the PTX compile test did not run or did not write them)"
  exit 1
fi
if ! ptxas=$("$here/fetch-ptxas.sh" 2>"$dir/fetch.err"); then
  echo "ptx-gate: ${#files[@]} kernels compiled to PTX by ILGPU; ptxas unavailable, not assembled ($(tr '\n' ' ' < "$dir/fetch.err"))"
  exit 0
fi
version=$("$ptxas" --version 2>/dev/null | tail -n 1)
failed=0
for f in "${files[@]}"; do
  if ! out=$("$ptxas" -arch="$arch" -O3 "$f" -o "${f%.ptx}.cubin" 2>&1); then
    failed=$((failed + 1))
    echo "ptx-gate: $(basename "$f") does not assemble for $arch:"
    echo "$out" | head -n 20
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "ptx-gate: FAILED - $failed of ${#files[@]} kernels do not assemble for $arch with ptxas ($version)"
  exit 1
fi
echo "ptx-gate: all ${#files[@]} kernels compiled to PTX and assembled for $arch by ptxas ($version)"
