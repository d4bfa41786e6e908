#!/usr/bin/env bash
# Finds or fetches NVIDIA's ptxas (the PTX assembler) without installing anything system-wide, and prints its path.
# Order: $PTXAS, ptxas on PATH, a cached copy under $KDGAN_PTXAS_CACHE (default ~/.cache/kdgan/ptxas), else Debian's
# non-free nvidia-cuda-toolkit .deb (CUDA 11.8 on bookworm) fetched with `apt-get download` through a private apt
# configuration in a temporary directory (the system's sources are not touched) and unpacked with `dpkg -x`.
# Exit 1 (and a reason on stderr) when none can be had.
set -uo pipefail

if [ -n "${PTXAS:-}" ] && [ -x "$PTXAS" ]; then echo "$PTXAS"; exit 0; fi
if command -v ptxas >/dev/null 2>&1; then command -v ptxas; exit 0; fi

cache="${KDGAN_PTXAS_CACHE:-$HOME/.cache/kdgan/ptxas}"
found=$(find "$cache" -type f -name ptxas -perm -u+x 2>/dev/null | head -n 1)
if [ -n "$found" ]; then echo "$found"; exit 0; fi

for tool in apt-get dpkg; do
  command -v "$tool" >/dev/null 2>&1 || { echo "fetch-ptxas: $tool not found (not a Debian system?)" >&2; exit 1; }
done
codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
[ -n "$codename" ] || { echo "fetch-ptxas: cannot tell the Debian release from /etc/os-release" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/etc/sources.list.d"
echo "deb http://deb.debian.org/debian $codename main contrib non-free" > "$work/etc/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/etc/sources.list" -o "Dir::Etc::SourceParts=$work/etc/sources.list.d"
          -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "Debug::NoLocking=1"
          -o "APT::Get::List-Cleanup=0" -o "Acquire::Languages=none")
if ! apt-get "${apt_opts[@]}" update >"$work/update.log" 2>&1; then
  echo "fetch-ptxas: apt-get update (private non-free list) failed: $(tail -n 2 "$work/update.log" | tr '\n' ' ')" >&2; exit 1
fi
# ptxas lives in nvidia-cuda-toolkit on bookworm; newer releases may split it out.
for pkg in nvidia-cuda-toolkit; do
  (cd "$work" && apt-get "${apt_opts[@]}" download "$pkg" >"$work/download.log" 2>&1) || continue
  deb=$(ls "$work"/*.deb 2>/dev/null | head -n 1)
  [ -n "$deb" ] || continue
  mkdir -p "$cache"
  dpkg -x "$deb" "$cache" || continue
  found=$(find "$cache" -type f -name ptxas -perm -u+x 2>/dev/null | head -n 1)
  if [ -n "$found" ]; then echo "$found"; exit 0; fi
done
echo "fetch-ptxas: could not download nvidia-cuda-toolkit from Debian non-free ($(tail -n 1 "$work/download.log" 2>/dev/null))" >&2
exit 1
