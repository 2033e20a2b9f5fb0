#!/usr/bin/env bash
# Property-based API test: schemathesis generates requests for every operation of the server's own
# /openapi.json (valid and invalid ones) and runs all of its checks on the answers: no 5xx, status codes,
# content types, headers and bodies as documented, invalid data refused, valid data accepted, Allow on
# 405, auth enforced on /admin/reload (settings in python-tests/schemathesis.toml). Any failure fails the script.
#
# usage: scripts/schemathesis.sh JOKEMETER_BINARY, or scripts/schemathesis.sh --install-only (the tool alone)
# env:
#   SCHEMATHESIS_EXAMPLES  generated cases per operation and phase (default 25)
#   SCHEMATHESIS_SEED      the seed, for a run that repeats (default 8)
# schemathesis (pinned in python-tests/tools-requirements.txt) is installed once into .venv-schemathesis.
# Last line: schemathesis: PASS examples=… seed=… seconds=…
set -euo pipefail
. "$(dirname "$0")/lib/logged-port.sh"
. "$(dirname "$0")/lib/drill.sh"
root=$(cd "$(dirname "$0")/.." && pwd)
binary=${1:?usage: scripts/schemathesis.sh JOKEMETER_BINARY}
examples=${SCHEMATHESIS_EXAMPLES:-25}
seed=${SCHEMATHESIS_SEED:-8}
venv=$root/.venv-schemathesis
requirements=$root/python-tests/tools-requirements.txt
pinned=$(sed -n 's/^schemathesis==//p' "$requirements")
if [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $pinned" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
fi
[ "$binary" != --install-only ] || exit 0
[ -x "$binary" ] || { echo "schemathesis: FAILED: $binary is not an executable" >&2; exit 1; }

drill_begin schemathesis

token=schemathesis-$(od -An -N12 -tx1 /dev/urandom | tr -d " \n")
ADMIN_TOKEN=$token MODELS_DIR=$root/models DRAIN_SECONDS=0 HOST=127.0.0.1 PORT=0 GRPC_PORT=0 REQUEST_LOG_LEVEL=debug \
    "$binary" serve >"$work/server.log" 2>&1 &
server=$!
port=$(logged_port "$work/server.log" "$server") || fail "the server did not start"

# The bearer token goes with every request; only /admin/reload reads it (and ignored_auth checks that
# it is refused without one). So does a deadline of a minute (X-Request-Timeout): a generated one may be any positive
# number of seconds, and one too short for the request is a 504 by design, which no_server_error would report; the
# Swift tests prove short and malformed deadlines.
started=$SECONDS
"$venv/bin/schemathesis" --config-file "$root/python-tests/schemathesis.toml" run "http://127.0.0.1:$port/openapi.json" \
    --checks all --max-examples "$examples" --seed "$seed" --generation-database none \
    --header "Authorization: Bearer $token" --header "X-Request-Timeout: 60" --request-timeout 10 --workers 1 --no-color \
    || fail "schemathesis reported failures (above)"
kill -0 "$server" 2>/dev/null || fail "the server died during the run"
echo "schemathesis: PASS examples=$examples seed=$seed seconds=$((SECONDS - started))"
