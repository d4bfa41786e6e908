#!/usr/bin/env bash
# Coverage-guided fuzzing of the readers with SharpFuzz + AFL++ (docs/fuzzing.md).
#   bash scripts/fuzz.sh [READER...]        readers: safetensors idx npy cifar tags (default: all)
#   FUZZ_SECONDS=600 per reader (default 600); FUZZ_OUT=/tmp/kdgan-fuzz for the build and the findings.
# Installs afl++ (Debian) and the sharpfuzz tool (NuGet) when missing. Prints one line per reader: executions,
# time, paths found, crashes and hangs; crashing inputs are in $FUZZ_OUT/<reader>/default/crashes/.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${FUZZ_OUT:-/tmp/kdgan-fuzz}"
SECS="${FUZZ_SECONDS:-600}"
READERS=("${@:-safetensors idx npy cifar tags}")
read -r -a READERS <<< "${READERS[*]}"

command -v afl-fuzz >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++; }
export PATH="$PATH:$HOME/.dotnet/tools"
command -v sharpfuzz >/dev/null || dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >/dev/null

rm -rf "$OUT/bin" && mkdir -p "$OUT"
dotnet publish "$REPO/fuzz/KdGan.Fuzz" -c Release -o "$OUT/bin" -v quiet >/dev/null
sharpfuzz "$OUT/bin/KdGan.Models.dll" >/dev/null   # instrument the readers' assembly in place

export AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
for r in "${READERS[@]}"; do
  rm -rf "$OUT/$r"
  timeout --signal=INT "$SECS" afl-fuzz -i "$REPO/fuzz/corpus/$r" -o "$OUT/$r" -t 5000 -m none -- \
    dotnet "$OUT/bin/KdGan.Fuzz.dll" "$r" > "$OUT/$r.log" 2>&1 || true
  stats="$OUT/$r/default/fuzzer_stats"
  if [ -f "$stats" ]; then
    get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
    echo "fuzz $r: $(get execs_done) executions in $(get run_time) s, $(get corpus_count) paths, $(get saved_crashes) crashes, $(get saved_hangs) hangs"
  else
    echo "fuzz $r: afl-fuzz did not start; see $OUT/$r.log"
  fi
done
