#!/usr/bin/env bash
# Server CPU per request: starts each given entry's server in turn on loopback, drives it with
# scripts/loadtest.sh, and divides the server's CPU time over the run (utime + stime from /proc) by the
# requests served. Rounds alternate the entries, so that all meet the machine's slow and fast stretches
# alike; this is steadier than requests/s on a machine whose two cores also run the load generator.
#
#   scripts/cpu-per-request.sh ROUNDS SECONDS ENTRY...   e.g. scripts/cpu-per-request.sh 5 8 /tmp/jm-old .build/release/jokemeter
# An entry is BINARY or BINARY@METHOD:PATH: the binary, started as `BINARY serve --host 127.0.0.1 --port 0
# --drain-seconds 0` and otherwise its default settings (a jokemeter, whose one line per request is then on
# and goes to a file, or anything that takes that command line and logs "listening on 127.0.0.1:PORT"),
# driven with that method on that path, e.g.
#   scripts/cpu-per-request.sh 4 8 .build/release/jokemeter .build/release/jokemeter@GET:/api/v1/health .build/release/FloorServer
# env: URL_PATH (default /api/v1/predict) and METHOD (POST; GET for probes): those of plain entries.
#      MODEL_MIX (default lr:1).
#      SERVE_ARGS: more flags for every server, e.g. "--request-log-level debug" to take the request lines off.
# Prints one line per run (entry as written, rps, cpu_us_per_req) and, at the end, each entry's means.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/logged-port.sh
usage="usage: scripts/cpu-per-request.sh ROUNDS SECONDS ENTRY...   (ENTRY: BINARY or BINARY@METHOD:PATH)"
rounds=${1:?$usage}
seconds=${2:?$usage}
shift 2
[[ $# -gt 0 ]] || { echo "cpu-per-request.sh: name at least one entry" >&2; exit 2; }
# parse ENTRY: sets binary, method and path (BINARY@METHOD:PATH, or a plain BINARY with the env's method and path).
parse() {
    if [[ "$1" =~ ^(.+)@([A-Z]+):(/.*)$ ]]; then
        binary=${BASH_REMATCH[1]} method=${BASH_REMATCH[2]} path=${BASH_REMATCH[3]}
    else
        binary=$1 method=${METHOD:-POST} path=${URL_PATH:-/api/v1/predict}
    fi
}
for entry in "$@"; do
    parse "$entry"
    [[ -x "$binary" ]] || { echo "cpu-per-request.sh: $entry: $binary is not an executable (ENTRY: BINARY or BINARY@METHOD:PATH)" >&2; exit 2; }
done
ticks=$(getconf CLK_TCK)
work=$(mktemp -d)
server=
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

for _ in $(seq 1 "$rounds"); do
    for entry in "$@"; do
        parse "$entry"
        # A free port each time, read from the log.
        # shellcheck disable=SC2086 # SERVE_ARGS is a list of flags
        "$binary" serve --host 127.0.0.1 --port 0 --grpc-port 0 --drain-seconds 0 ${SERVE_ARGS:-} >"$work/server.log" 2>&1 &
        server=$!
        port=$(logged_port "$work/server.log" "$server") || { cat "$work/server.log" >&2; exit 1; }
        url=http://127.0.0.1:$port$path
        MODEL_MIX=${MODEL_MIX:-lr:1} METHOD=$method WARMUP_S=0 scripts/loadtest.sh "$url" 2 64 >/dev/null
        before=$(cpu_ticks "$server")
        line=$(MODEL_MIX=${MODEL_MIX:-lr:1} METHOD=$method WARMUP_S=0 scripts/loadtest.sh "$url" "$seconds" 64 | tail -1)
        after=$(cpu_ticks "$server")
        kill "$server"; wait "$server" 2>/dev/null || true; server=
        requests=$(sed -E 's/.* requests=([0-9]+).*/\1/' <<<"$line")
        rps=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")
        non2xx=$(sed -E 's/.* non2xx=([0-9]+).*/\1/' <<<"$line")
        [[ "$non2xx" == 0 ]] || echo "cpu-per-request.sh: $entry: $non2xx answers were not 2xx" >&2
        awk -v name="$entry" -v cpu=$((after - before)) -v ticks="$ticks" -v requests="$requests" -v rps="$rps" \
            'BEGIN { printf "%s rps=%s cpu_us_per_req=%.1f\n", name, rps, cpu / ticks * 1e6 / requests }' | tee -a "$work/results"
    done
done
# The means in the entries' order on the command line.
awk '{ split($2, r, "="); split($3, c, "="); if (!($1 in n)) order[++entries] = $1; n[$1]++; rps[$1] += r[2]; cpu[$1] += c[2] }
     END { for (i = 1; i <= entries; i++) {
               b = order[i]; printf "MEAN %s runs=%d rps=%.0f cpu_us_per_req=%.1f\n", b, n[b], rps[b] / n[b], cpu[b] / n[b] } }' "$work/results"
