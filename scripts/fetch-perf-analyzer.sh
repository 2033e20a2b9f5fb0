#!/usr/bin/env bash
# Fetches Triton's perf_analyzer (BSD-3-Clause, NVIDIA), the load tool of Open Inference Protocol servers, from the
# PyPI wheel tritonclient 2.50.0, which carries it as a binary (newer wheels' binaries need glibc 2.38; Debian 12
# has 2.36), with the one library it links that Debian lacks, libcudart.so.12, from the PyPI package
# nvidia-cuda-runtime-cu12 (no GPU is used: perf_analyzer loads it at start), and installs Debian's libb64-0d.
# Both wheels are checked against their known digests, kept and unpacked under .build/perf-analyzer/ (never into git).
# Idempotent. Prints the path of a wrapper that runs perf_analyzer with its library found.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/fetch-wheel.sh
TRITON=2.50.0
TRITON_WHEEL=tritonclient-$TRITON-py3-none-manylinux1_x86_64.whl
TRITON_SHA256=421fbb69ae6ab8cdb2c35b82134fcef2fe11e7af7718b1fcbc53335ab9bfe889
CUDART=12.9.79
CUDART_WHEEL=nvidia_cuda_runtime_cu12-$CUDART-py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64.whl
CUDART_SHA256=25bba2dfb01d48a9b59ca474a1ac43c6ebf7011f1b0b8cc44f54eb6ac48a96c3
DEST=.build/perf-analyzer/$TRITON
WHEELS=.build/perf-analyzer/wheels
WRAPPER=$DEST/perf_analyzer
dpkg -s libb64-0d >/dev/null 2>&1 || {
    echo "fetch-perf-analyzer: apt-get install libb64-0d" >&2
    { apt-get install -y -qq libb64-0d || { apt-get update -qq && apt-get install -y -qq libb64-0d; }; } >/dev/null
}
if [ -x "$WRAPPER" ]; then echo "$WRAPPER"; exit 0; fi
fetch_wheel fetch-perf-analyzer "tritonclient==$TRITON" "$TRITON_WHEEL" "$TRITON_SHA256" "$WHEELS" "about 14 MB" --platform manylinux2014_x86_64
fetch_wheel fetch-perf-analyzer "nvidia-cuda-runtime-cu12==$CUDART" "$CUDART_WHEEL" "$CUDART_SHA256" "$WHEELS" "about 3 MB" \
    --platform manylinux2014_x86_64
rm -rf "$DEST.partial"
mkdir -p "$DEST.partial"
python3 - "$DEST.partial" "$WHEELS/$TRITON_WHEEL" "$WHEELS/$CUDART_WHEEL" <<'PY'
import os, sys, zipfile
dest, triton, cudart = sys.argv[1:]
for wheel, member, target in ((triton, "tritonclient-2.50.0.data/data/bin/perf_analyzer", "bin/perf_analyzer"),
                              (cudart, "nvidia/cuda_runtime/lib/libcudart.so.12", "lib/libcudart.so.12")):
    path = os.path.join(dest, target)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with zipfile.ZipFile(wheel) as archive, open(path, "wb") as out:
        out.write(archive.read(member))
    os.chmod(path, 0o755)
PY
cat >"$DEST.partial/perf_analyzer" <<'SH'
#!/bin/sh
here=$(dirname "$(readlink -f "$0")")
LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" exec "$here/bin/perf_analyzer" "$@"
SH
chmod +x "$DEST.partial/perf_analyzer"
rm -rf "$DEST" && mv "$DEST.partial" "$DEST"
echo "$WRAPPER"
