#!/usr/bin/env bash
# /v1/embeddings beside the engine itself, in one run on the same 320 jokes (the first of data/): the engine's own rate
# (`jokemeter embed --rate --batch-size 16`, every core, loading left out), then one server with emb's executor given
# both cores (MODEL_EXECUTION='emb: threads=2') under wrk, CONNECTIONS clients posting the jokes 16 a request in
# turn, with encoding_format float and then base64; ROUNDS times, alternating, so that the machine's noise falls
# on all three alike. Reports each round's jokes a second and the ratio to the engine's (issue 32's bar: 0.9x).
# usage: scripts/embeddings-vs-engine.sh JOKEMETER_BINARY [ROUNDS (2)] [CONNECTIONS (4)] [SECONDS (20)]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$1 rounds=${2:-2} connections=${3:-4} seconds=${4:-20}
. scripts/lib/logged-port.sh
weights=$(scripts/build-embedding-weights.sh)
scratch=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$scratch"' EXIT
python3 - "$scratch" <<'PY'
import csv, json, sys
folder = sys.argv[1]
with open("data/clean_comedy_gold_ru.csv", newline="", encoding="utf-8") as source:
    jokes = [row["text"] for row in csv.DictReader(source)][:320]
open(f"{folder}/jokes.jsonl", "w").write("".join(json.dumps(joke, ensure_ascii=False) + "\n" for joke in jokes))
for encoding in ("float", "base64"):
    with open(f"{folder}/{encoding}.bodies", "w") as bodies:
        for start in range(0, len(jokes), 16):
            body = {"model": "emb", "input": jokes[start:start + 16], "encoding_format": encoding}
            bodies.write(json.dumps(body, ensure_ascii=False) + "\n")
PY
cat > "$scratch/bodies.lua" <<'LUA'
-- Posts the bodies of BODIES (one JSON a line) in turn, each thread from its own place in the list.
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
local next = 0
request = function()
  next = next % #bodies + 1
  return wrk.format("POST", "/v1/embeddings", {["Content-Type"] = "application/json"}, bodies[next])
end
done = function(summary, latency, requests)
  io.write(string.format("completed %d errors %d non2xx %d seconds %.3f\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.duration / 1e6))
end
LUA

engine() { "$binary" embed --weights "$weights" --format jsonl --rate --batch-size 16 < "$scratch/jokes.jsonl" | awk '{print $2}'; }
MODEL_EXECUTION='emb: threads=2' "$binary" serve --host 127.0.0.1 --port 0 --grpc-port 0 --request-log-level debug \
    > "$scratch/server.log" 2>&1 &
server=$!
port=$(logged_port "$scratch/server.log" "$server")
until curl -sf "http://127.0.0.1:$port/api/v1/ready" >/dev/null; do sleep 0.1; done
http() {
  local line
  line=$(BODIES="$scratch/$1.bodies" wrk -t1 -c"$connections" -d"${seconds}s" --timeout 30s -s "$scratch/bodies.lua" \
    "http://127.0.0.1:$port" | grep '^completed')
  read -r _ completed _ errors _ non2xx _ elapsed <<<"$line"
  [ "$errors" = 0 ] && [ "$non2xx" = 0 ] || { echo "embeddings-vs-engine: $1: $errors errors, $non2xx answers not 2xx" >&2; exit 1; }
  python3 -c "import sys; print(f'{int(sys.argv[1]) * 16 / float(sys.argv[2]):.1f}')" "$completed" "$elapsed"
}
http float >/dev/null  # warm-up: the executor's threads and the connections
echo "emb, 320 jokes, 16 a request; the engine on every core; the server with emb: threads=2, $connections clients, ${seconds} s"
for round in $(seq 1 "$rounds"); do
  own=$(engine)
  float=$(http float)
  base64=$(http base64)
  python3 -c "import sys; e, f, b = map(float, sys.argv[1:]); print(f'round $round: engine {e:.1f} jokes/s; /v1/embeddings float {f:.1f} ({f / e:.2f}x), base64 {b:.1f} ({b / e:.2f}x)')" \
    "$own" "$float" "$base64"
done
