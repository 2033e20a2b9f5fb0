#!/usr/bin/env bash
# gRPC beside REST, per request: one server (BIN serve, its HTTP and gRPC ports on loopback), Triton's perf_analyzer
# driving ModelInfer over gRPC (-i grpc) and /v2 infer over REST (-i http, binary tensors) in turns, the same model
# and the same real jokes, at each concurrency; for every run, perf_analyzer's inferences/s and p50, and the
# server's CPU per request (utime + stime from /proc over the run, divided by the requests of that protocol that
# /metrics counted). Rounds alternate the protocols, so that both meet the machine's slow and fast stretches alike.
#
# usage: scripts/grpc-vs-rest.sh BIN [ROUNDS=3] [SECONDS=3] [MODEL=lr]
# env: CONCURRENCIES (default "1 16"); SERVE_ARGS: more flags for the server.
# One line per run:  RUN protocol=grpc|http concurrency=… rps=… p50_ms=… cpu_us_per_req=… client_cpu_us_per_req=…
# (the client's CPU over its whole run, warm-up and stability windows included, by the requests the server counted)
# then one line per protocol and concurrency with the means:  MEAN protocol=… concurrency=… rps=… cpu_us_per_req=…
# and the ratios the issue asks for:  RATIO concurrency=… grpc_over_http_rps=… grpc_over_http_cpu=…
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/logged-port.sh
bin=${1:?usage: scripts/grpc-vs-rest.sh BIN [ROUNDS] [SECONDS] [MODEL]}
rounds=${2:-3} seconds=${3:-3} model=${4:-lr}
perf_analyzer=$(scripts/fetch-perf-analyzer.sh)
work=$(mktemp -d)
server=
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
python3 scripts/loadtest/jokes_to_perf_input.py data/clean_comedy_gold_ru.csv "$work/jokes.json" --limit 1000 >/dev/null

grpc_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# shellcheck disable=SC2086 # SERVE_ARGS is a list of flags
"$bin" serve --host 127.0.0.1 --port 0 --grpc-port "$grpc_port" --drain-seconds 0 --request-log-level debug ${SERVE_ARGS:-} \
    >"$work/server.log" 2>&1 &
server=$!
port=$(logged_port "$work/server.log" "$server")
ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
# Requests of a protocol answered for the model, as /metrics counts them.
answered() {
    curl -sf "http://127.0.0.1:$port/metrics" | awk -v protocol="protocol=\"$1\"" -v model="model=\"$model\"" \
        'index($0, "jokemeter_http_requests_total{") == 1 && index($0, protocol) && index($0, model) { sum += $NF } END { print sum + 0 }'
}

: >"$work/runs"
for _ in $(seq 1 "$rounds"); do
    for concurrency in ${CONCURRENCIES:-1 16}; do
        for protocol in grpc http; do
            if [[ $protocol == grpc ]]; then
                target=(-u "127.0.0.1:$grpc_port" -i grpc)
            else
                target=(-u "127.0.0.1:$port" -i http --input-tensor-format binary --output-tensor-format binary)
            fi
            before_cpu=$(cpu_ticks) before=$(answered "$protocol")
            # The client's own CPU too (bash's `times`: its children's user and system time), as both share 2 cores.
            client_cpu=$( ("$perf_analyzer" -m "$model" "${target[@]}" --input-data "$work/jokes.json" \
                --concurrency-range "$concurrency:$concurrency" --measurement-interval $((seconds * 1000)) \
                --stability-percentage 999 -f "$work/report.csv" >"$work/out" 2>&1 && times) | tail -1) \
                || { cat "$work/out" >&2; echo "grpc-vs-rest.sh: perf_analyzer failed over $protocol" >&2; exit 1; }
            after_cpu=$(cpu_ticks) after=$(answered "$protocol")
            python3 - "$work/report.csv" "$protocol" "$concurrency" "$((after_cpu - before_cpu))" "$((after - before))" \
                "$ticks" "$client_cpu" <<'PY' | tee -a "$work/runs"
import csv, re, sys
report, protocol, concurrency, cpu, requests, ticks, client = sys.argv[1:]
row = next(csv.DictReader(open(report)))
cpu_us = int(cpu) / int(ticks) * 1e6 / max(1, int(requests))
client_s = sum(int(m) * 60 + float(s) for m, s in re.findall(r"(\d+)m([\d.]+)s", client))
print(f"RUN protocol={protocol} concurrency={concurrency} rps={float(row['Inferences/Second']):.0f}"
      f" p50_ms={int(row['p50 latency']) / 1000:.2f} cpu_us_per_req={cpu_us:.0f}"
      f" client_cpu_us_per_req={client_s * 1e6 / max(1, int(requests)):.0f}")
PY
        done
    done
done
python3 - "$work/runs" <<'PY'
import collections, re, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    fields = dict(re.findall(r"(\w+)=(\S+)", line))
    runs[(fields["protocol"], int(fields["concurrency"]))].append(
        (float(fields["rps"]), float(fields["cpu_us_per_req"]), float(fields["client_cpu_us_per_req"])))
mean = {key: tuple(statistics.mean(run[i] for run in values) for i in range(3)) for key, values in runs.items()}
for (protocol, concurrency), (rps, cpu, client) in sorted(mean.items()):
    print(f"MEAN protocol={protocol} concurrency={concurrency} rps={rps:.0f} cpu_us_per_req={cpu:.0f} client_cpu_us_per_req={client:.0f}")
for concurrency in sorted({c for _, c in mean}):
    grpc, http = mean[("grpc", concurrency)], mean[("http", concurrency)]
    print(f"RATIO concurrency={concurrency} grpc_over_http_rps={grpc[0] / http[0]:.2f} grpc_over_http_cpu={grpc[1] / http[1]:.2f}")
PY
