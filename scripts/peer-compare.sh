#!/usr/bin/env bash
# The side-by-side speed comparison with TorchSharp (issue 19; the table in bench/README.md).
#   bash scripts/peer-compare.sh            2 passes; in each, for 1 then 2 threads, the peer then ours
#   PASSES=2  OUT=/tmp/kdgan-peer (the peer's build and the results)  REPS=5
# Builds ../shared/peer-bench in $OUT (never in the tree: shared/ is read-only, and the peer must stay out of
# KdGan), builds the kdgan CLI, alternates the two on every workload, and prints the ratio table
# (`kdgan bench-peer table`). Run it on a quiet machine: both sides record the same kind of median, and the
# table keeps the best of the pass medians of each.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${OUT:-/tmp/kdgan-peer}"
PASSES="${PASSES:-2}"
REPS="${REPS:-5}"
PEER_SRC="$REPO/../shared/peer-bench"
[ -d "$PEER_SRC" ] || { echo "peer-compare: $PEER_SRC not found (the shared folder beside the project holds the peer harness)" >&2; exit 2; }

mkdir -p "$OUT"
if [ ! -x "$OUT/peer-bench/bin/Release/net10.0/PeerBench" ]; then
  echo "peer-compare: building the peer in $OUT/peer-bench (first time: restores TorchSharp-cpu, about 1.4 GB)" >&2
  rm -rf "$OUT/peer-bench" && cp -r "$PEER_SRC" "$OUT/peer-bench"
  dotnet build "$OUT/peer-bench" -c Release -v quiet >/dev/null
fi
PEER="$OUT/peer-bench/bin/Release/net10.0/PeerBench"
echo "peer-compare: building kdgan (Release)" >&2
dotnet build "$REPO/src/KdGan.Runner" -c Release -v quiet >/dev/null
KDGAN="$REPO/src/KdGan.Runner/bin/Release/net10.0/kdgan"

RESULTS="$OUT/results-$(date -u +%Y%m%dT%H%M%SZ)"
for p in $(seq 1 "$PASSES"); do
  dir="$RESULTS/pass$p"
  mkdir -p "$dir"
  for t in 1 2; do
    echo "peer-compare: pass $p/$PASSES, $t thread(s): TorchSharp" >&2
    "$PEER" matmul conv lenet lstm softmax mlp --threads "$t" --reps "$REPS" --sizes 1024,2048 --json "$dir/peer-t$t.jsonl" >/dev/null
    echo "peer-compare: pass $p/$PASSES, $t thread(s): KdGan" >&2
    "$KDGAN" bench-peer run --threads "$t" --reps "$REPS" --json "$dir/ours-t$t.jsonl" >&2
  done
done
echo "## $(date -u +%Y-%m-%d), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) CPUs"
echo
echo "Command: \`bash scripts/peer-compare.sh\` (PASSES=$PASSES, REPS=$REPS); results in $RESULTS."
echo
"$KDGAN" bench-peer table "$RESULTS"
