#!/usr/bin/env bash
# Fetches the Open Inference Protocol's REST specification as OpenAPI documents, dataplane.json (health, metadata,
# inference) and model_repository.json (the repository extension), from the PyPI wheel mlserver 1.7.1 (Apache-2.0,
# Seldon), which carries them (mlserver/rest/openapi/): the same specification kserve/open-inference-protocol
# publishes as open_inference_rest.yaml. The wheel is checked against its known digest and the two files unpacked
# under .build/oip-spec/ (never into git), for python-tests/test_oip_schemas.py. Idempotent. Prints the folder.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=1.7.1
WHEEL=mlserver-$VERSION-py3-none-any.whl
WHEEL_SHA256=d2ac7502915bb5311343a878aa1fb614f9b0f2436ee550a6137c1872a4dca193
DEST=.build/oip-spec/$VERSION
if [ -f "$DEST/.complete" ]; then echo "$DEST"; exit 0; fi
mkdir -p "$DEST.partial"
if [ ! -f "$DEST.partial/$WHEEL" ]; then
    echo "fetch-oip-spec: pip download mlserver==$VERSION (about 130 kB, once)" >&2
    python3 -m pip download -q "mlserver==$VERSION" --no-deps --only-binary :all: -d "$DEST.partial" >&2
fi
echo "$WHEEL_SHA256  $DEST.partial/$WHEEL" | sha256sum --check --quiet - >&2 \
    || { echo "fetch-oip-spec: $WHEEL does not have the known digest" >&2; exit 1; }
python3 - "$DEST.partial/$WHEEL" "$DEST.partial" <<'PY'
import os, sys, zipfile
wheel, dest = sys.argv[1:]
with zipfile.ZipFile(wheel) as archive:
    for name in ("dataplane.json", "model_repository.json"):
        with open(os.path.join(dest, name), "wb") as out:
            out.write(archive.read("mlserver/rest/openapi/" + name))
PY
rm -f "$DEST.partial/$WHEEL"
touch "$DEST.partial/.complete"
rm -rf "$DEST" && mv "$DEST.partial" "$DEST"
echo "$DEST"
