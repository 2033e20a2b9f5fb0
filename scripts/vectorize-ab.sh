#!/usr/bin/env bash
# Times the vectorizer's pass over the data set (scripts/vectorize-probe) for the working tree's
# Sources/TextFeatures and, given BASE, for that git revision's, alternating the two builds ROUNDS times so
# that both meet the machine's slow and fast stretches alike. Prints, per build, the fastest pass over all
# rounds and the median of the rounds' fastest passes, in ms and MB/s.
#
#   scripts/vectorize-ab.sh [BASE] [ROUNDS] [PASSES]     e.g. scripts/vectorize-ab.sh 4a5ce9e 12 300
# MODEL=models/tr.json for the char_wb model (PASSES=20 or so: it is 50 times slower). MEASURE=instructions
# counts instructions instead (below).
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-}
rounds=${2:-12}
passes=${3:-300}
model=${MODEL:-models/lr.json}
data=${DATA:-data/clean_comedy_gold_ru.csv}
swiftc=$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

build() { # name, sources folder
    "$swiftc" -O -wmo -module-name TextFeatures -package-name jokemeter "$2"/*.swift scripts/vectorize-probe/main.swift -o "$work/$1" 2>&1 | grep -v warning || true
    [[ -x "$work/$1" ]] || { echo "vectorize-ab: the $1 probe did not build" >&2; exit 1; }
}
build current Sources/TextFeatures
builds=(current)
if [[ -n "$base" ]]; then
    mkdir -p "$work/base-sources"
    git archive "$base" Sources/TextFeatures | tar -x -C "$work/base-sources"
    build "$base" "$work/base-sources/Sources/TextFeatures"
    builds=("$base" current)
fi
# MEASURE=instructions: instructions per text instead of time, counted by callgrind inside the timed passes
# alone. The count is the same run after run, where time on this shared machine varies by 10 % and more; one
# run per build, PASSES 20 or so (valgrind runs the probe about 50 times slower).
if [[ ${MEASURE:-time} == instructions ]]; then
    command -v valgrind >/dev/null || { apt-get install -y -qq valgrind >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq valgrind; }; } >/dev/null 2>&1
    command -v valgrind >/dev/null || { echo "vectorize-ab: MEASURE=instructions needs valgrind, which could not be installed (apt-get install valgrind)" >&2; exit 1; }
    for name in "${builds[@]}"; do
        valgrind --tool=callgrind --callgrind-out-file="$work/$name.callgrind" --collect-atstart=no \
            --toggle-collect='$s12TextFeatures11timedPasses*' "$work/$name" "$model" "$data" "$passes" >"$work/$name.out" 2>"$work/$name.err" ||
            { cat "$work/$name.err" >&2; exit 1; }
        instructions=$(sed -n 's/^summary: //p' "$work/$name.callgrind")
        read -r _ _ bytes features texts <"$work/$name.out"
        (( ${instructions:-0} > 0 && ${texts:-0} > 0 )) || { echo "vectorize-ab: no instructions counted for $name" >&2; exit 1; }
        awk -v name="$name" -v i="$instructions" -v p="$passes" -v b="$bytes" -v t="$texts" -v f="$features" \
            'BEGIN { printf "%-10s %.0f instructions per text  %.1f per byte  features/pass %d\n", name, i / (p * t), i / (p * b), f }'
    done
    exit 0
fi
# Which build runs first swaps every round: in a test of one build against itself, the one always run
# second had a median 28 % slower.
for round in $(seq "$rounds"); do
    order=("${builds[@]}")
    if (( round % 2 == 0 && ${#builds[@]} == 2 )); then order=("${builds[1]}" "${builds[0]}"); fi
    for name in "${order[@]}"; do echo "$name $("$work/$name" "$model" "$data" "$passes")"; done
done | awk '
    # Each line: build, fastest ms, median ms, bytes per pass, features per pass.
    { bytes[$1] = $4; features[$1] = $5; runs[$1] = runs[$1] " " $2 }
    END {
        for (name in runs) {
            n = split(runs[name], values, " ")
            for (i = 2; i <= n; i++) { t = values[i]; for (j = i - 1; j >= 1 && values[j] > t; j--) values[j + 1] = values[j]; values[j + 1] = t }
            printf "%-10s fastest %.3f ms (%.0f MB/s)  median of rounds %.3f ms  features/pass %d\n", name, values[1], bytes[name] / (values[1] * 1000), values[int((n + 1) / 2)], features[name]
            if (name in features && seen != "" && features[name] != seen) differ = 1
            seen = features[name]
        }
        # Both builds must find the same features, or the comparison is between different work.
        if (differ) { print "vectorize-ab: the builds found different numbers of features" > "/dev/stderr"; exit 1 }
    }'
