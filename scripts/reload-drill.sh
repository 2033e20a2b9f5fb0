#!/usr/bin/env bash
# Hot-reload drill: proves that reloading the models under load drops no request, and that a broken
# artifact never replaces the serving set.
#
# usage: scripts/reload-drill.sh JOKEMETER_BINARY [reloads=20]
#
# Serves a copy of models/ (ADMIN_TOKEN set, DRAIN_SECONDS=0) on a free loopback port under wrk load
# (scripts/loadtest.sh, MODEL_MIX=lr:50,tr:50) for the whole drill, and meanwhile:
#   - reloads `reloads` times, alternating SIGHUP and POST /admin/reload (200 "reloaded"), 0.3-0.5 s apart;
#   - checks that POST /admin/reload answers 401 without a token and 403 with a wrong one;
#   - drops a truncated artifact, then one of an unknown kind, into the models folder: POST /admin/reload
#     answers 409 naming the file and SIGHUP leaves the server up, both counted as failed reloads, and the
#     ratings of both models and their digests stay as they were; removing the file lets a reload succeed.
# Passes with no non-2xx answer and no socket error under load, and jokemeter_model_reloads_total counting
# exactly the successful and the failed reloads. Last line: reload-drill: PASS reloads=… requests=… non2xx=0 socket_errors=0
set -euo pipefail
. "$(dirname "$0")/lib/logged-port.sh"
. "$(dirname "$0")/lib/drill.sh"
here=$(cd "$(dirname "$0")" && pwd)
binary=${1:?usage: scripts/reload-drill.sh JOKEMETER_BINARY [reloads=20]}
reloads=${2:-20}
[ -x "$binary" ] || { echo "reload-drill: FAILED: $binary is not an executable" >&2; exit 1; }
command -v jq >/dev/null || { apt-get install -y -qq jq >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq jq; }; }

drill_begin reload-drill

cp -R "$here/../models" "$work/models"
token=drill-$(od -An -N12 -tx1 /dev/urandom | tr -d " \n")
ADMIN_TOKEN=$token MODELS_DIR=$work/models DRAIN_SECONDS=0 HOST=127.0.0.1 PORT=0 GRPC_PORT=0 REQUEST_LOG_LEVEL=debug \
    "$binary" serve >"$work/server.log" 2>&1 &
server=$!
port=$(logged_port "$work/server.log" "$server") || fail "the server did not start"
url=http://127.0.0.1:$port

# The value of jokemeter_model_reloads_total{result=RESULT} (0 before the first).
reload_count() {
    curl -fs "$url/metrics" | awk -v series="jokemeter_model_reloads_total{result=\"$1\"}" \
        '$1 == series { value = $2 } END { print value + 0 }'
}
# POST /admin/reload with the given curl options; prints the status (000: no answer), the body goes to $work/admin.json.
admin_reload() { curl -s -o "$work/admin.json" -w '%{http_code}' -X POST "$url/admin/reload" "$@" || true; }
# Waits until the counter of RESULT reaches COUNT (a SIGHUP reload runs after kill returns).
await_reload_count() {
    for _ in $(seq 1 200); do
        [ "$(reload_count "$1")" -ge "$2" ] && return 0
        kill -0 "$server" 2>/dev/null || fail "the server exited waiting for reload $2 ($1)"
        sleep 0.05
    done
    fail "jokemeter_model_reloads_total{result=\"$1\"} did not reach $2 (it is $(reload_count "$1"))"
}
# What must not change while a broken artifact is refused: both models' ratings of a joke and their digests.
serving_state() {
    for model in lr tr; do
        curl -fs -X POST "$url/api/v1/models/$model/predict" -H 'Content-Type: application/json' \
            -d '{"text": "Штирлиц долго смотрел в одну точку. Потом в другую."}' -o "$work/$model.json" || fail "predict with $model failed"
    done
    curl -fs "$url/api/v1/models" -o "$work/models.json" || fail "GET /api/v1/models failed"
    jq -sc '[.[0].rating, .[1].rating, (.[2].models | map([.name, .digest]) | sort)]' "$work/lr.json" "$work/tr.json" "$work/models.json"
}

successes=0
failures=0
reload_by_post() {
    local status
    status=$(admin_reload -H "Authorization: Bearer $token")
    [ "$status" = 200 ] || fail "POST /admin/reload answered $status: $(cat "$work/admin.json")"
    [ "$(jq -r .status "$work/admin.json")" = reloaded ] || fail "POST /admin/reload answered $(cat "$work/admin.json")"
    successes=$((successes + 1))
}
signal_reload() { kill -HUP "$server" 2>/dev/null || fail "the server is gone"; }
reload_by_signal() {
    signal_reload
    successes=$((successes + 1))
    await_reload_count success "$successes"
}
# A broken FILE in the models folder: refused by POST (409 naming it) and by SIGHUP, the set serving on as $before.
refuse_broken_artifact() {
    local file=$1 status
    status=$(admin_reload -H "Authorization: Bearer $token")
    [ "$status" = 409 ] || fail "POST /admin/reload with $file answered $status, not 409: $(cat "$work/admin.json")"
    jq -r .error "$work/admin.json" | grep -qF "$file" || fail "the 409 does not name $file: $(cat "$work/admin.json")"
    failures=$((failures + 1))
    [ "$(serving_state)" = "$before" ] || fail "the serving models changed after the refused reload of $file"
    signal_reload
    failures=$((failures + 1))
    await_reload_count failure "$failures"
    kill -0 "$server" 2>/dev/null || fail "the server died on SIGHUP with $file"
    [ "$(serving_state)" = "$before" ] || fail "the serving models changed after SIGHUP with $file"
    echo "reload-drill: $file refused by POST (409) and SIGHUP; the old models serve on"
}

# The load runs in a process group of its own until SIGINT, on which wrk stops and prints its RESULT line;
# niced, so that the drill's own requests and signals are not queued behind it.
MODEL_MIX=lr:50,tr:50 WARMUP_S=0 RUN_NAME=reload-drill \
    nice -n 10 setsid "$here/loadtest.sh" "$url/api/v1/predict" 600 16 >"$work/load.log" 2>&1 &
load=$!
sleep 0.5

for round in $(seq 1 "$reloads"); do
    if [ $((round % 2)) = 1 ]; then reload_by_signal; else reload_by_post; fi
    sleep "0.$((3 + RANDOM % 3))"
done
echo "reload-drill: $reloads reloads under load (SIGHUP and POST /admin/reload alternately)"

status=$(admin_reload)
[ "$status" = 401 ] || fail "POST /admin/reload without a token answered $status, not 401"
status=$(admin_reload -H "Authorization: Bearer not-$token")
[ "$status" = 403 ] || fail "POST /admin/reload with a wrong token answered $status, not 403"

before=$(serving_state)
head -c 4096 "$work/models/lr.json" >"$work/models/broken.json"
refuse_broken_artifact broken.json
rm "$work/models/broken.json"
jq '.name = "mystery" | .kind = "quantum-foam"' "$work/models/lr.json" >"$work/models/mystery.json"
refuse_broken_artifact mystery.json
rm "$work/models/mystery.json"
reload_by_post
[ "$(serving_state)" = "$before" ] || fail "the models changed after reloading the same files"

stop_load
echo "reload-drill: load $result"
if [ "$non2xx" != 0 ] || [ "$socket_errors" != 0 ]; then fail "under reloads: non2xx=$non2xx socket_errors=$socket_errors"; fi
[ "$(reload_count success)" = "$successes" ] || fail "jokemeter_model_reloads_total{result=\"success\"} is $(reload_count success), not $successes"
[ "$(reload_count failure)" = "$failures" ] || fail "jokemeter_model_reloads_total{result=\"failure\"} is $(reload_count failure), not $failures"
echo "reload-drill: PASS reloads=$reloads requests=$requests non2xx=$non2xx socket_errors=$socket_errors"
