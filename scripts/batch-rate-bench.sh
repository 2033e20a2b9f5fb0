#!/usr/bin/env bash
# The batch target of `jokemeter predict`, measured in one run: scikit-learn's `pipeline.predict` of a
# TfidfVectorizer() + Ridge pipeline fitted on the data set, over 19 MB of its jokes (every text, line breaks as
# spaces, repeated 100 times, one a line), against `jokemeter predict` of the same pipeline exported as an
# artifact (tools/export_sklearn.py), over those lines repeated 10 times (190 MB), process start included, on
# every core and on one (--threads 1). Both answer the same 19 MB the same way, which is checked first.
#
#   scripts/batch-rate-bench.sh JOKEMETER_BINARY [ROUNDS=3]
# Prints one line per run and, at the end, the best of each: MB/s and the ratios the target names.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:?usage: scripts/batch-rate-bench.sh JOKEMETER_BINARY [ROUNDS]}
rounds=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import csv, sys, os, time
sys.path.insert(0, "tools")
import joblib
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import Ridge
from sklearn.pipeline import Pipeline
import export_sklearn

work = sys.argv[1]
with open("data/clean_comedy_gold_ru.csv", newline="", encoding="utf-8") as source:
    rows = list(csv.DictReader(source))
texts = [" ".join(row["text"].splitlines()) for row in rows]
pipeline = Pipeline([("vectorizer", TfidfVectorizer()), ("model", Ridge())]).fit(texts, [float(r["score"]) for r in rows])
os.makedirs(f"{work}/models")
export_sklearn.write(pipeline, f"{work}/models/ridge.json", name="ridge", version="1.0.0")
joblib.dump(pipeline, f"{work}/pipeline.joblib")
with open(f"{work}/19mb.txt", "w", encoding="utf-8") as out:
    for _ in range(100):
        out.write("".join(text + "\n" for text in texts))
PY
for _ in $(seq 10); do cat "$work/19mb.txt"; done >"$work/190mb.txt"
small=$(stat -c %s "$work/19mb.txt")
large=$(stat -c %s "$work/190mb.txt")

# The same ratings as scikit-learn, on the first 5 000 lines.
head -n 5000 "$work/19mb.txt" >"$work/5000.txt"
"$binary" predict --models "$work/models" --model ridge <"$work/5000.txt" >"$work/ours-5000.txt"
python3 - "$work" <<'PY'
import sys, joblib
work = sys.argv[1]
pipeline = joblib.load(f"{work}/pipeline.joblib")
lines = open(f"{work}/5000.txt", encoding="utf-8").read().split("\n")[:-1]
ours = [float(line) for line in open(f"{work}/ours-5000.txt")]
theirs = pipeline.predict(lines)
worst = max(abs(a - b) for a, b in zip(ours, theirs))
assert len(ours) == len(theirs) == 5000 and worst < 1e-9, f"ratings differ by {worst}"
print(f"batch-rate-bench: the same ratings as scikit-learn on 5000 lines (largest difference {worst:.1e})")
PY

sklearn_rate() {
    python3 - "$work" "$small" <<'PY'
import sys, time, joblib
work, size = sys.argv[1], int(sys.argv[2])
pipeline = joblib.load(f"{work}/pipeline.joblib")
start = time.perf_counter()
lines = open(f"{work}/19mb.txt", encoding="utf-8").read().split("\n")[:-1]
pipeline.predict(lines)
seconds = time.perf_counter() - start
print(f"{size / seconds / 1e6:.1f}")
PY
}
ours_rate() { # threads flag...
    local start end
    start=$(date +%s.%N)
    "$binary" predict --models "$work/models" --model ridge "$@" <"$work/190mb.txt" >"$work/out.txt"
    end=$(date +%s.%N)
    [ "$(wc -l <"$work/out.txt")" -eq "$(wc -l <"$work/190mb.txt")" ] || { echo "batch-rate-bench: a rating per line is missing" >&2; exit 1; }
    awk -v size="$large" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", size / (e - s) / 1e6 }'
}
best_sklearn=0 best_all=0 best_one=0
for round in $(seq 1 "$rounds"); do
    sk=$(sklearn_rate); all=$(ours_rate); one=$(ours_rate --threads 1)
    echo "round $round: scikit-learn ${sk} MB/s (19 MB), jokemeter ${all} MB/s on every core, ${one} MB/s on one (190 MB)"
    best_sklearn=$(awk -v a="$best_sklearn" -v b="$sk" 'BEGIN { print (b > a ? b : a) }')
    best_all=$(awk -v a="$best_all" -v b="$all" 'BEGIN { print (b > a ? b : a) }')
    best_one=$(awk -v a="$best_one" -v b="$one" 'BEGIN { print (b > a ? b : a) }')
done
awk -v sk="$best_sklearn" -v all="$best_all" -v one="$best_one" -v cores="$(nproc)" 'BEGIN {
    printf "BEST scikit-learn=%.1f MB/s jokemeter=%.1f MB/s (%d cores) one-core=%.1f MB/s: %.1fx scikit-learn, %.2fx one core\n",
        sk, all, cores, one, all / sk, all / one }'
