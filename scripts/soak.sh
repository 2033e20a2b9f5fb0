#!/usr/bin/env bash
# Soak: mixed load for a long while, proving that resident memory stays flat after warm-up (no leak in
# the request path, the metrics, the reloads). wrk posts random jokes to /api/v1/predict with a model mix
# while a side loop sends batches, Open Inference Protocol requests and a reload every few seconds;
# the server's RSS is sampled every 10 s.
#
# usage: scripts/soak.sh [binary=.build/release/jokemeter] [seconds=300] [connections=32]
# env:   WARMUP_SECONDS (default a fifth of the run), MAX_GROWTH_MB (default 3): how far the median RSS of
#        the last third of the samples after warm-up may lie above that of the first third.
# Last line: soak: PASS|FAIL seconds=… requests=… non2xx=… rss_first_third_mb=… rss_last_third_mb=… rss_min_mb=…
#            rss_max_mb=… growth_mb=…
set -euo pipefail
. "$(dirname "$0")/lib/logged-port.sh"
root=$(cd "$(dirname "$0")/.." && pwd)
binary=${1:-$root/.build/release/jokemeter}
seconds=${2:-300}
connections=${3:-32}
warmup=${WARMUP_SECONDS:-$((seconds / 5))}
max_growth=${MAX_GROWTH_MB:-3}
[[ -x $binary ]] || { echo "soak: $binary is not built (make release)" >&2; exit 1; }

work=$(mktemp -d)
token=soak-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
ADMIN_TOKEN=$token SHADOW_MODEL=tr DRAIN_SECONDS=0 HOST=127.0.0.1 PORT=0 GRPC_PORT=0 REQUEST_LOG_LEVEL=debug MODELS_DIR=$root/models \
  "$binary" serve >"$work/server.log" 2>&1 &
server=$!
side=
cleanup() {
  [ -z "$side" ] || kill "$side" 2>/dev/null || true
  kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
port=$(logged_port "$work/server.log" "$server") || { cat "$work/server.log" >&2; echo "soak: FAIL the server did not start" >&2; exit 1; }
url=http://127.0.0.1:$port

# The side traffic: a batch, an infer request and, every tenth round, a reload.
side_traffic() {
  local round=0
  while true; do
    curl -sf -o /dev/null -H 'Content-Type: application/json' "$url/api/v1/predict/batch" \
      -d '{"texts": ["Колобок повесился", "Штирлиц шёл по лесу", "Купил мужик шляпу"], "joker": "soak"}' || echo "batch failed" >>"$work/side.errors"
    curl -sf -o /dev/null -H 'Content-Type: application/json' "$url/v2/models/tr/infer" \
      -d '{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [2], "data": ["Колобок повесился", "Штирлиц"]}]}' || echo "infer failed" >>"$work/side.errors"
    if (( round % 10 == 0 )); then
      curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" "$url/admin/reload" || echo "reload failed" >>"$work/side.errors"
    fi
    round=$((round + 1))
    sleep 0.5
  done
}
side_traffic &
side=$!

rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$server/status"; }
MODEL_MIX=lr:50,tr:50 WARMUP_S=0 RUN_NAME=soak "$root/scripts/loadtest.sh" "$url/api/v1/predict" "$seconds" "$connections" >"$work/load.out" 2>&1 &
load=$!
samples=()
started=$SECONDS
while kill -0 "$load" 2>/dev/null; do
  sleep 10
  kill -0 "$server" 2>/dev/null || { echo "soak: FAIL the server died" >&2; tail "$work/server.log" >&2; exit 1; }
  samples+=("$((SECONDS - started)):$(rss_mb)")
  echo "soak: t=$((SECONDS - started))s rss=$(rss_mb) MB"
done
wait "$load" || true
result=$(grep '^RESULT' "$work/load.out" | tail -1)
echo "$result"

# Flat means no upward trend: the median of the last third of the samples after warm-up against the median
# of the first third (reloads swing RSS by a model set's size while the old and the new set both live).
after_warmup=()
for sample in "${samples[@]}"; do (( ${sample%%:*} >= warmup )) && after_warmup+=("${sample#*:}"); done
((${#after_warmup[@]} >= 3)) || { echo "soak: FAIL fewer than 3 samples after the warm-up of ${warmup}s" >&2; exit 1; }
read -r first_median last_median low high growth < <(printf '%s\n' "${after_warmup[@]}" | awk '
  { v[NR] = $1 }
  function median(from, to,   n, i, j, t, a) {
    n = 0; for (i = from; i <= to; i++) a[++n] = v[i]
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    third = int(NR / 3); if (third < 1) third = 1
    low = high = v[1]; for (i = 2; i <= NR; i++) { if (v[i] < low) low = v[i]; if (v[i] > high) high = v[i] }
    first = median(1, third); last = median(NR - third + 1, NR)
    printf "%.1f %.1f %.1f %.1f %.1f\n", first, last, low, high, last - first
  }')
non2xx=$(sed -n 's/.* non2xx=\([0-9]*\).*/\1/p' <<<"$result")
requests=$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$result")
status=PASS
problems=()
if awk -v g="$growth" -v m="$max_growth" 'BEGIN { exit !(g > m) }'; then problems+=("RSS rose ${growth} MB from the first to the last third (limit ${max_growth})"); fi
[ "${non2xx:-1}" = 0 ] || problems+=("non2xx=${non2xx:-?}")
[ ! -s "$work/side.errors" ] || problems+=("side traffic: $(sort "$work/side.errors" | uniq -c | tr '\n' ' ')")
((${#problems[@]} == 0)) || status=FAIL
line="soak: $status seconds=$seconds requests=${requests:-?} non2xx=${non2xx:-?} rss_first_third_mb=$first_median rss_last_third_mb=$last_median rss_min_mb=$low rss_max_mb=$high growth_mb=$growth"
if [ "$status" = PASS ]; then echo "$line"; else echo "$line: ${problems[*]}" >&2; exit 1; fi
