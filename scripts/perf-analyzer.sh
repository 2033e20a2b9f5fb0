#!/usr/bin/env bash
# Drives Triton's perf_analyzer, unchanged, against a Jokemeter server's Open Inference Protocol: each model in turn,
# over REST with JSON tensors and with the binary tensor extension, and over gRPC when GRPC names the gRPC address;
# one real joke of data/ per request.
#
# usage: scripts/perf-analyzer.sh URL [model…]
#   URL          the server, e.g. http://127.0.0.1:8080 (loopback only)
#   model…       the models to drive (default: every model GET /api/v1/models lists)
# env:
#   CONCURRENCY  perf_analyzer's --concurrency-range (default 1:16:15: 1 then 16 requests in flight)
#   WINDOW_MS    its --measurement-interval (default 3000)
#   STABILITY    its --stability-percentage, of throughput and average latency over three windows (default 20: a
#                shared 2-core machine is noisier than perf_analyzer's 10 allows; 999 takes three windows as they come)
#   TENSORS      the REST tensor formats, of json and binary (default "json binary"; "" for none)
#   GRPC         the server's gRPC address, e.g. 127.0.0.1:8001 (loopback only): drives `-i grpc` there too
#   JOKES        how many jokes of CSV perf_analyzer cycles through (default 1000)
#   CSV          the jokes (default data/clean_comedy_gold_ru.csv)
# perf_analyzer fetches each model's metadata and configuration first, then stops at the first failed request and
# exits non-zero; so does this script. A concurrency it cannot measure stably ends its sweep, said on stderr.
# One line per model, format and concurrency measured:
#   RESULT model=… protocol=http|grpc tensors=json|binary|protobuf concurrency=… rps=… p50_ms=… p90_ms=… p99_ms=…
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
url=${1:?usage: scripts/perf-analyzer.sh URL [model…]}
shift
case "$url" in
  http://127.*|http://localhost[:/]*|http://\[::1\]*) ;;
  *) echo "perf-analyzer.sh: refusing $url: load tests only target loopback addresses" >&2; exit 2 ;;
esac
command -v jq >/dev/null || { apt-get install -y -qq jq >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq jq; }; }
perf_analyzer=$("$here/fetch-perf-analyzer.sh")
address=${url#http://}
address=${address%%/*}
case "${GRPC:-127.0.0.1}" in
  127.*|localhost:*|\[::1\]*) ;;
  *) echo "perf-analyzer.sh: refusing gRPC address $GRPC: load tests only target loopback addresses" >&2; exit 2 ;;
esac
models=("$@")
[ ${#models[@]} -gt 0 ] || mapfile -t models < <(curl -sf "$url/api/v1/models" | jq -r '.models[].name')
[ ${#models[@]} -gt 0 ] || { echo "perf-analyzer.sh: $url lists no models" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/loadtest/jokes_to_perf_input.py" "${CSV:-$here/../data/clean_comedy_gold_ru.csv}" "$work/jokes.json" --limit "${JOKES:-1000}"

runs=()
for tensors in ${TENSORS-json binary}; do runs+=("http:$tensors"); done
[ -z "${GRPC:-}" ] || runs+=("grpc:protobuf")
for model in "${models[@]}"; do
    for run in "${runs[@]}"; do
        protocol=${run%%:*}
        tensors=${run#*:}
        report=$work/$model-$tensors.csv
        if [ "$protocol" = grpc ]; then
            target=(-u "$GRPC" -i grpc)
        else
            target=(-u "$address" -i http --input-tensor-format "$tensors" --output-tensor-format "$tensors")
        fi
        if ! "$perf_analyzer" -m "$model" "${target[@]}" --input-data "$work/jokes.json" \
            --concurrency-range "${CONCURRENCY:-1:16:15}" --measurement-interval "${WINDOW_MS:-3000}" \
            --stability-percentage "${STABILITY:-20}" -f "$report" >"$work/out" 2>&1; then
            cat "$work/out" >&2
            echo "perf-analyzer.sh: perf_analyzer failed on $model over $protocol with $tensors tensors" >&2
            exit 1
        fi
        grep -h "Failed to obtain stable" "$work/out" | sed "s/^/perf-analyzer.sh: $model, $protocol, $tensors tensors: /" >&2 || true
        # Its CSV: a header, then a row per concurrency; latencies in microseconds.
        python3 - "$report" "$model" "$protocol" "$tensors" <<'PY'
import csv, sys
report, model, protocol, tensors = sys.argv[1:]
for row in csv.DictReader(open(report)):
    ms = lambda column: f"{int(row[column]) / 1000:.2f}"
    print(f"RESULT model={model} protocol={protocol} tensors={tensors} concurrency={row['Concurrency']} rps={float(row['Inferences/Second']):.0f}"
          f" p50_ms={ms('p50 latency')} p90_ms={ms('p90 latency')} p99_ms={ms('p99 latency')}")
PY
    done
done
