#!/usr/bin/env bash
# Fetches the Open Inference Protocol's REST specification as OpenAPI documents, dataplane.json (health, metadata,
# inference) and model_repository.json (the repository extension), from the PyPI wheel mlserver 1.7.1 (Apache-2.0,
# Seldon), which carries them (mlserver/rest/openapi/): the same specification kserve/open-inference-protocol
# publishes as open_inference_rest.yaml. The wheel is checked against its known digest and the two files unpacked
# under .build/oip-spec/ beside the wheel (never into git), for python-tests/test_oip_schemas.py. Idempotent. Prints the folder.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/fetch-wheel.sh
VERSION=1.7.1
WHEEL=mlserver-$VERSION-py3-none-any.whl
WHEEL_SHA256=d2ac7502915bb5311343a878aa1fb614f9b0f2436ee550a6137c1872a4dca193
DEST=.build/oip-spec/$VERSION
if [ -f "$DEST/.complete" ]; then echo "$DEST"; exit 0; fi
fetch_wheel fetch-oip-spec "mlserver==$VERSION" "$WHEEL" "$WHEEL_SHA256" "$DEST" "about 130 kB"
python3 - "$DEST/$WHEEL" "$DEST" <<'PY'
import os, sys, zipfile
wheel, dest = sys.argv[1:]
with zipfile.ZipFile(wheel) as archive:
    for name in ("dataplane.json", "model_repository.json"):
        with open(os.path.join(dest, name), "wb") as out:
            out.write(archive.read("mlserver/rest/openapi/" + name))
PY
touch "$DEST/.complete"
echo "$DEST"
