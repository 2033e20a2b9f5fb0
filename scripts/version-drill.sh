#!/usr/bin/env bash
# Versions drill: two versions of lr served side by side and canaried by routing weights, while the model
# repository API loads and unloads models under load, without one failed request.
#
# usage: scripts/version-drill.sh JOKEMETER_BINARY [rounds=6]
#
# Serves a folder of lr-1.0.0.json (the shipped lr), lr-1.1.0.json (lr at 1.1.0, other weights) and tr.json, with
# MODEL_PINS=lr=1.0.0 and ROUTING_WEIGHTS=lr@1.0.0:90,lr@1.1.0:10, under wrk load on /api/v1/predict whose requests
# name no model and carry one of 1 000 jokers, each sticky to a version (scripts/loadtest.sh), for the whole drill.
# Each round:
#   - writes lr-1.1.0.json anew (other weights: a new build of the canary) and POST /v2/repository/models/lr/load:
#     200, and lr@1.1.0's digest is the new file's;
#   - unloads tr (200): a request naming tr is 404 and the index says UNAVAILABLE; a SIGHUP reload keeps it
#     unloaded; loading it again (200) serves it;
#   - unloading lr (the default, named by the weights) is refused, 409, and changes nothing.
# Passes with no non-2xx answer and no socket error under load, and both versions of lr answering by about their
# weights (1.1.0's share from 5 % to 15 %, from jokemeter_http_requests_total{model="lr",version}).
# Last line: version-drill: PASS rounds=… requests=… canary_share=… non2xx=0 socket_errors=0
set -euo pipefail
. "$(dirname "$0")/lib/logged-port.sh"
. "$(dirname "$0")/lib/drill.sh"
here=$(cd "$(dirname "$0")" && pwd)
binary=${1:?usage: scripts/version-drill.sh JOKEMETER_BINARY [rounds=6]}
rounds=${2:-6}
[ -x "$binary" ] || { echo "version-drill: FAILED: $binary is not an executable" >&2; exit 1; }
command -v jq >/dev/null || { apt-get install -y -qq jq >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq jq; }; }

drill_begin version-drill

mkdir "$work/models"
cp "$here/../models/lr.json" "$work/models/lr-1.0.0.json"
cp "$here/../models/tr.json" "$work/models/tr.json"
# lr at 1.1.0, its weights scaled by $1: another build of the canary each time.
write_canary() { jq -c --argjson scale "$1" '.version = "1.1.0" | .estimator.coef |= map(. * $scale)' "$here/../models/lr.json" >"$work/models/lr-1.1.0.json"; }
write_canary 0.5
token=drill-$(od -An -N12 -tx1 /dev/urandom | tr -d " \n")
ADMIN_TOKEN=$token MODELS_DIR=$work/models MODEL_PINS=lr=1.0.0 ROUTING_WEIGHTS=lr@1.0.0:90,lr@1.1.0:10 DRAIN_SECONDS=0 \
    HOST=127.0.0.1 PORT=0 GRPC_PORT=0 REQUEST_LOG_LEVEL=debug "$binary" serve >"$work/server.log" 2>&1 &
server=$!
port=$(logged_port "$work/server.log" "$server") || fail "the server did not start"
url=http://127.0.0.1:$port

# POST to the repository API PATH; prints the status (000: no answer), the body goes to $work/answer.json.
repository() { curl -s -o "$work/answer.json" -w '%{http_code}' -X POST "$url/v2/repository/$1" -H "Authorization: Bearer $token" || true; }
expect() { # STATUS PATH
    local status
    status=$(repository "$2")
    [ "$status" = "$1" ] || fail "POST /v2/repository/$2 answered $status, not $1: $(cat "$work/answer.json")"
}
# The status of a prediction naming MODEL.
predict_status() {
    curl -s -o /dev/null -w '%{http_code}' -X POST "$url/api/v1/predict" -H 'Content-Type: application/json' -H "X-Model: $1" \
        -d '{"text": "Штирлиц долго смотрел в одну точку."}' || true
}
# The index's state of NAME@VERSION.
state() {
    expect 200 index
    jq -r --arg name "$1" --arg version "$2" '.[] | select(.name == $name and .version == $version) | .state' "$work/answer.json"
}
# The digest /api/v1/models lists for NAME@VERSION.
listed_digest() {
    curl -fs "$url/api/v1/models" | jq -r --arg name "$1" --arg version "$2" '.models[] | select(.name == $name and .version == $version) | .digest'
}
# Requests answered 2xx on /api/v1/predict by lr at VERSION.
answered_by() {
    curl -fs "$url/metrics" | awk -v series="jokemeter_http_requests_total{route=\"/api/v1/predict\",model=\"lr\",version=\"$1\",protocol=\"http\",status_class=\"2xx\"}" \
        '$1 == series { value = $2 } END { print value + 0 }'
}

# The load runs in a process group of its own until SIGINT, on which wrk stops and prints its RESULT line;
# niced, so that the drill's own requests are not queued behind it.
JOKERS=1000 WARMUP_S=0 RUN_NAME=version-drill nice -n 10 setsid "$here/loadtest.sh" "$url/api/v1/predict" 600 16 >"$work/load.log" 2>&1 &
load=$!
sleep 0.5

for round in $(seq 1 "$rounds"); do
    write_canary "0.$((4 + round % 5))"
    expect 200 models/lr/load
    want="sha256:$(sha256sum "$work/models/lr-1.1.0.json" | cut -d' ' -f1)"
    [ "$(listed_digest lr 1.1.0)" = "$want" ] || fail "round $round: lr@1.1.0 serves $(listed_digest lr 1.1.0), not the new file's $want"
    expect 200 models/tr/unload
    [ "$(predict_status tr)" = 404 ] || fail "round $round: a request naming tr was not 404 after its unload"
    [ "$(state tr 1.0.0)" = UNAVAILABLE ] || fail "round $round: the index says tr is $(state tr 1.0.0) after its unload"
    before=$(curl -fs "$url/metrics" | awk '$1 == "jokemeter_model_reloads_total{result=\"success\"}" { print $2 + 0 }')
    kill -HUP "$server"
    for _ in $(seq 1 100); do
        after=$(curl -fs "$url/metrics" | awk '$1 == "jokemeter_model_reloads_total{result=\"success\"}" { print $2 + 0 }')
        [ "${after:-0}" -gt "${before:-0}" ] && break
        sleep 0.05
    done
    [ "${after:-0}" -gt "${before:-0}" ] || fail "round $round: the SIGHUP reload did not succeed"
    [ "$(predict_status tr)" = 404 ] || fail "round $round: the reload served tr again, which was unloaded"
    expect 200 models/tr/load
    [ "$(predict_status tr)" = 200 ] || fail "round $round: tr does not serve after its load"
    expect 409 models/lr/unload
    jq -r .error "$work/answer.json" | grep -q "default model" || fail "round $round: the 409 does not say why: $(cat "$work/answer.json")"
    sleep 0.3
done
echo "version-drill: $rounds rounds under load: lr loaded anew with a new canary build, tr unloaded, kept unloaded by a reload, loaded again"

stop_load
echo "version-drill: load $result"
if [ "$non2xx" != 0 ] || [ "$socket_errors" != 0 ]; then fail "under loads and unloads: non2xx=$non2xx socket_errors=$socket_errors"; fi
stable=$(answered_by 1.0.0)
canary=$(answered_by 1.1.0)
share=$(awk -v s="$stable" -v c="$canary" 'BEGIN { printf "%.3f", c / (s + c) }')
awk -v share="$share" 'BEGIN { exit !(share >= 0.05 && share <= 0.15) }' \
    || fail "lr@1.1.0 answered $canary of $((stable + canary)) predictions ($share), not about its weight of 10 %"
echo "version-drill: lr@1.0.0 answered $stable, lr@1.1.0 $canary"
echo "version-drill: PASS rounds=$rounds requests=$requests canary_share=$share non2xx=$non2xx socket_errors=$socket_errors"
