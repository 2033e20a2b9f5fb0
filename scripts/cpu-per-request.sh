#!/usr/bin/env bash
# Server CPU per request: starts each given jokemeter binary in turn on loopback, drives it with
# scripts/loadtest.sh, and divides the server's CPU time over the run (utime + stime from /proc) by the
# requests served. Rounds alternate the binaries, so that all meet the machine's slow and fast stretches
# alike; this is steadier than requests/s on a machine whose two cores also run the load generator.
#
#   scripts/cpu-per-request.sh ROUNDS SECONDS BINARY...   e.g. scripts/cpu-per-request.sh 5 8 /tmp/jm-old .build/release/jokemeter
# env: URL_PATH (default /api/v1/predict), METHOD=GET for probes, MODEL_MIX (default lr:1).
# Prints one line per run (binary, rps, cpu_us_per_req) and, at the end, each binary's means.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/logged-port.sh
rounds=${1:?usage: scripts/cpu-per-request.sh ROUNDS SECONDS BINARY...}
seconds=${2:?usage: scripts/cpu-per-request.sh ROUNDS SECONDS BINARY...}
shift 2
[[ $# -gt 0 ]] || { echo "cpu-per-request.sh: name at least one binary" >&2; exit 2; }
ticks=$(getconf CLK_TCK)
work=$(mktemp -d)
server=
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

for _ in $(seq 1 "$rounds"); do
    for binary in "$@"; do
        # A free port each time, read from the log; the per-request lines are off, as in compare-reference.sh.
        "$binary" serve --host 127.0.0.1 --port 0 --drain-seconds 0 --request-log-level debug >"$work/server.log" 2>&1 &
        server=$!
        port=$(logged_port "$work/server.log" "$server") || { cat "$work/server.log" >&2; exit 1; }
        url=http://127.0.0.1:$port${URL_PATH:-/api/v1/predict}
        MODEL_MIX=${MODEL_MIX:-lr:1} WARMUP_S=0 scripts/loadtest.sh "$url" 2 64 >/dev/null
        before=$(cpu_ticks "$server")
        line=$(MODEL_MIX=${MODEL_MIX:-lr:1} WARMUP_S=0 scripts/loadtest.sh "$url" "$seconds" 64 | tail -1)
        after=$(cpu_ticks "$server")
        kill "$server"; wait "$server" 2>/dev/null || true; server=
        requests=$(sed -E 's/.* requests=([0-9]+).*/\1/' <<<"$line")
        rps=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")
        awk -v name="$binary" -v cpu=$((after - before)) -v ticks="$ticks" -v requests="$requests" -v rps="$rps" \
            'BEGIN { printf "%s rps=%s cpu_us_per_req=%.1f\n", name, rps, cpu / ticks * 1e6 / requests }' | tee -a "$work/results"
    done
done
awk '{ split($2, r, "="); split($3, c, "="); n[$1]++; rps[$1] += r[2]; cpu[$1] += c[2] }
     END { for (b in n) printf "MEAN %s runs=%d rps=%.0f cpu_us_per_req=%.1f\n", b, n[b], rps[b] / n[b], cpu[b] / n[b] }' "$work/results"
