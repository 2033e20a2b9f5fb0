#!/usr/bin/env bash
# Reload soak: whether the heap comes back after many reloads under load. Serves models/ (all three models: lr, tr
# and emb, whose weights file scripts/build-embedding-weights.sh builds) on a free loopback port; wrk posts random
# jokes to lr (LR_CONNECTIONS, 16) and, beside it, to emb (EMB_CONNECTIONS, 8: inside its queue of 32, so nothing
# is refused) for the whole run; after WARMUP_SECONDS (10) of that load the soak sends RELOADS SIGHUPs, each once the
# reload before it has finished and INTERVAL seconds (2) after it, then stops the load and leaves the server idle for
# IDLE_SECONDS (60). The server's VmRSS, RssAnon and RssFile (/proc/PID/status) are sampled before the first reload,
# after each reload and after the idle time, and its CPU time over the run is reported per request answered.
#
# The server runs with the environment this script is given, so an allocator is compared by its settings, e.g.
#   scripts/reload-soak.sh .build/static/jokemeter 50
#   MALLOC_ARENA_MAX=2 scripts/reload-soak.sh .build/static/jokemeter 50
#   LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 MALLOC_CONF=background_thread:true,dirty_decay_ms:1000 \
#       scripts/reload-soak.sh .build/static/jokemeter 50
#
# usage: scripts/reload-soak.sh [--check] BIN [reloads=50]
#   --check   fails (exit 1) when RssAnon after the idle time is more than MAX_GROWTH_MB (20) above its level
#             before the first reload, or when a request failed or a reload did not succeed.
# Last line: reload-soak: PASS|DONE|FAIL reloads=… requests=… non2xx=… anon_before_mb=… anon_after_reloads_mb=…
#            anon_peak_mb=… anon_idle_mb=… anon_growth_mb=… rss_before_mb=… rss_peak_mb=… rss_idle_mb=… cpu_us_per_req=…
set -euo pipefail
check=0
if [ "${1:-}" = --check ]; then check=1; shift; fi
usage="usage: scripts/reload-soak.sh [--check] BIN [reloads=50]"
binary=$(realpath "${1:?$usage}")
reloads=${2:-50}
warmup=${WARMUP_SECONDS:-10}
interval=${INTERVAL:-2}
idle=${IDLE_SECONDS:-60}
max_growth=${MAX_GROWTH_MB:-20}
lr_connections=${LR_CONNECTIONS:-16}
emb_connections=${EMB_CONNECTIONS:-8}
[ -x "$binary" ] || { echo "reload-soak: $binary is not an executable" >&2; exit 2; }
cd "$(dirname "$0")/.."
root=$PWD
. scripts/lib/logged-port.sh
. scripts/lib/drill.sh
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }; }
scripts/build-embedding-weights.sh >/dev/null

drill_begin reload-soak
lr_load=
trap 'drill_cleanup; [ -z "$lr_load" ] || kill "$lr_load" 2>/dev/null || true' EXIT

DRAIN_SECONDS=0 HOST=127.0.0.1 PORT=0 GRPC_PORT=0 REQUEST_LOG_LEVEL=debug MODELS_DIR=$root/models "$binary" serve >"$work/server.log" 2>&1 &
server=$!
port=$(logged_port "$work/server.log" "$server") || fail "the server did not start"
url=http://127.0.0.1:$port

export JOKES_LUA=$work/jokes.lua
python3 scripts/loadtest/jokes_to_lua.py data/clean_comedy_gold_ru.csv "$JOKES_LUA"
# The load runs well past the soak's end and is stopped by it: bounded all the same.
bound=$((warmup + reloads * (interval + 5) + 60))
RUN_NAME=lr MODEL_MIX=lr:1 wrk -t1 -c"$lr_connections" -d"${bound}s" --timeout 15s -s scripts/loadtest/predict.lua \
    "$url/api/v1/predict" >"$work/lr.out" 2>&1 &
lr_load=$!
RUN_NAME=emb MODEL_MIX=emb:1 wrk -t1 -c"$emb_connections" -d"${bound}s" --timeout 15s -s scripts/loadtest/predict.lua \
    "$url/api/v1/predict" >"$work/emb.out" 2>&1 &
emb_load=$!

# status_mb FIELD: the server's FIELD of /proc/PID/status (VmRSS, RssAnon, RssFile) in MB.
status_mb() { awk -v field="$1:" '$1 == field { printf "%.1f", $2 / 1024 }' "/proc/$server/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
reloaded() { grep -c 'models reloaded' "$work/server.log" || true; }
sample() {
    kill -0 "$server" 2>/dev/null || fail "the server died"
    local rss anon file
    rss=$(status_mb VmRSS) anon=$(status_mb RssAnon) file=$(status_mb RssFile)
    echo "$1 $rss $anon $file" >>"$work/samples"
    printf 'reload-soak: %-10s rss_mb=%s anon_mb=%s file_mb=%s\n' "$1" "$rss" "$anon" "$file"
}

sleep "$warmup"
requests_of() { sed -n 's/.* requests=\([0-9]*\).*/\1/p' "$1"; }
ticks_before=$(cpu_ticks)
sample before
anon_before=$(status_mb RssAnon) rss_before=$(status_mb VmRSS)
for reload in $(seq 1 "$reloads"); do
    kill -HUP "$server"
    for _ in $(seq 1 600); do
        [ "$(reloaded)" -ge "$reload" ] && break
        grep -q 'reload (SIGHUP) failed' "$work/server.log" && fail "reload $reload failed: $(grep 'reload (SIGHUP) failed' "$work/server.log" | tail -1)"
        kill -0 "$server" 2>/dev/null || fail "the server died in reload $reload"
        sleep 0.05
    done
    [ "$(reloaded)" -ge "$reload" ] || fail "reload $reload did not finish within 30 s"
    sleep "$interval"
    sample "reload-$reload"
done
anon_reloaded=$(status_mb RssAnon)
ticks_after=$(cpu_ticks)
kill -INT "$lr_load" "$emb_load" 2>/dev/null || true
wait "$lr_load" "$emb_load" || true
lr_load=
requests=$(($(requests_of "$work/lr.out") + $(requests_of "$work/emb.out")))
non2xx=$(($(sed -n 's/.* non2xx=\([0-9]*\).*/\1/p' "$work/lr.out") + $(sed -n 's/.* non2xx=\([0-9]*\).*/\1/p' "$work/emb.out")))
echo "reload-soak: load: $(grep '^RESULT' "$work/lr.out") / $(grep '^RESULT' "$work/emb.out")"
sleep "$idle"
sample "idle-${idle}s"
anon_idle=$(status_mb RssAnon) rss_idle=$(status_mb VmRSS)
ticks=$(getconf CLK_TCK)
read -r anon_peak rss_peak < <(awk '$3 > ap { ap = $3 } $2 > rp { rp = $2 } END { print ap, rp }' "$work/samples")
growth=$(awk -v a="$anon_idle" -v b="$anon_before" 'BEGIN { printf "%.1f", a - b }')
cpu=$(awk -v t=$((ticks_after - ticks_before)) -v hz="$ticks" -v n="${requests:-0}" 'BEGIN { printf "%.1f", n ? t / hz * 1e6 / n : 0 }')
# Every tenth reload's sample, for the summary.
echo "reload-soak: RssAnon MB before and every 10 reloads: $(awk '$1 == "before" || ($1 ~ /^reload-/ && substr($1, 8) % 10 == 0) { printf "%s=%s ", $1, $3 }' "$work/samples")"
summary="reloads=$reloads requests=$requests non2xx=$non2xx anon_before_mb=$anon_before anon_after_reloads_mb=$anon_reloaded"
summary+=" anon_peak_mb=$anon_peak anon_idle_mb=$anon_idle anon_growth_mb=$growth rss_before_mb=$rss_before rss_peak_mb=$rss_peak"
summary+=" rss_idle_mb=$rss_idle cpu_us_per_req=$cpu"
problems=()
awk -v g="$growth" -v m="$max_growth" 'BEGIN { exit !(g > m) }' && problems+=("RssAnon is ${growth} MB above its level before the first reload (limit ${max_growth})")
[ "$non2xx" = 0 ] || problems+=("$non2xx answers were not 2xx")
if [ "$check" = 0 ]; then
    echo "reload-soak: DONE $summary${problems[*]:+ (${problems[*]})}"
elif [ ${#problems[@]} -eq 0 ]; then
    echo "reload-soak: PASS $summary"
else
    echo "reload-soak: FAIL $summary: ${problems[*]}"
    exit 1
fi
