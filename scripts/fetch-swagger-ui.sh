#!/usr/bin/env bash
# Fetches Swagger UI 5.34.0's dist files (Apache-2.0, smartbear) from the PyPI package flask-swagger-ui 5.34.0,
# which carries them (swagger-ui-bundle.js, swagger-ui.css, …), and unpacks them under .build/swagger-ui/ (never
# into git): the local copy that `jokemeter serve --docs-assets-dir` serves under /docs/assets. (PyPI's
# swagger-ui-bundle carries Swagger UI 4.15, which cannot show an OpenAPI 3.1 document.) The wheel is checked
# against its known digest. Idempotent. Prints the folder holding the files.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/fetch-wheel.sh
VERSION=5.34.0
WHEEL=flask_swagger_ui-$VERSION-py3-none-any.whl
WHEEL_SHA256=63e4ecfee6345ca746c11c5341c6f2a1cbe271e518aac1659889cd3905b1110f
DEST=.build/swagger-ui/$VERSION
if [ -f "$DEST/dist/.complete" ]; then echo "$DEST/dist"; exit 0; fi
fetch_wheel fetch-swagger-ui "flask-swagger-ui==$VERSION" "$WHEEL" "$WHEEL_SHA256" "$DEST" "about 2 MB"
python3 - "$DEST/$WHEEL" "$DEST/dist" <<'PY'
import os, sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
os.makedirs(dest, exist_ok=True)
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if name.startswith("flask_swagger_ui/dist/") and not name.endswith("/"):
            with open(os.path.join(dest, os.path.basename(name)), "wb") as out:
                out.write(archive.read(name))
PY
touch "$DEST/dist/.complete"
echo "$DEST/dist"
