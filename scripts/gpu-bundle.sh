#!/usr/bin/env bash
# Builds the GPU bundle: a self-contained linux-x64 publish of tools/KdGan.GpuCheck (the op suite and the autograd and Models device suites, the PTX
# compile and the GPU benchmarks, runnable without a .NET SDK), ReadyToRun, untrimmed (trimming drops ILGPU's
# math methods), InvariantGlobalization, plus scripts/gpu-run.sh and the cuBLAS baseline, packed as .tar.xz.
# Usage: scripts/gpu-bundle.sh [OUT.tar.xz]   (default: artifacts/kdgan-gpu-linux-x64.tar.xz). Fails above 64 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/kdgan-gpu-linux-x64.tar.xz}"
limit=$((64 * 1024 * 1024))
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/kdgan-gpu"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet publish tools/KdGan.GpuCheck/KdGan.GpuCheck.csproj -c Release -r linux-x64 --self-contained true \
  -p:PublishReadyToRun=true -p:PublishTrimmed=false -p:InvariantGlobalization=true \
  -p:DebugType=none -p:GenerateDocumentationFile=false -o "$root/bin"
cp scripts/gpu-run.sh scripts/cublas-baseline.py "$root/"
chmod +x "$root/gpu-run.sh" "$root/bin/gpu-check"
git rev-parse HEAD > "$root/COMMIT" 2>/dev/null || echo unknown > "$root/COMMIT"

mkdir -p "$(dirname "$out")"
tar -C "$stage" -cf - kdgan-gpu | xz -T0 -9 > "$out"
size=$(stat -c %s "$out")
unpacked=$(du -sb "$root" | cut -f1)
printf 'gpu-bundle: %s: %.1f MiB compressed (%.1f MiB unpacked)\n' "$out" "$(echo "$size / 1048576" | bc -l)" "$(echo "$unpacked / 1048576" | bc -l)"
if [ "$size" -gt "$limit" ]; then
  echo "gpu-bundle: FAILED - larger than 64 MiB" >&2
  exit 1
fi
