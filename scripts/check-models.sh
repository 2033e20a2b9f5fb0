#!/usr/bin/env bash
# Retrains from the shipped data and checks that the result equals the shipped artifacts byte for byte,
# apart from `createdAt`: training is deterministic and models/ is what `make models` makes.
# usage: scripts/check-models.sh JOKEMETER_BINARY DATA_CSV MODELS_DIR
set -euo pipefail
binary=$1 data=$2 models=$3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$binary" train --data "$data" --out "$out"

passed=0 failed=0
for name in lr tr; do
  if cmp -s <(sed -E 's/"createdAt":"[^"]*"//' "$models/$name.json") <(sed -E 's/"createdAt":"[^"]*"//' "$out/$name.json"); then
    echo "check-models: $name.json reproduced"
    passed=$((passed + 1))
  else
    echo "check-models: $name.json differs from a fresh training run (run 'make models' and commit the result)"
    failed=$((failed + 1))
  fi
done
echo "check-models: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
