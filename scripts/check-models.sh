#!/usr/bin/env bash
# Retrains from the shipped data and checks that the result equals the shipped artifacts: lr and tr byte for
# byte apart from `createdAt` (training is deterministic and models/ is what `make models` makes); emb, whose
# embeddings are float sums that depend on the CPU's code path, field for field, its head's numbers and its
# CV figures within 1e-6.
# usage: scripts/check-models.sh JOKEMETER_BINARY DATA_CSV MODELS_DIR
set -euo pipefail
binary=$1 data=$2 models=$3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
weights=$(scripts/build-embedding-weights.sh "$models")
ln -s "$(realpath "$weights")" "$out/"

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
if python3 - "$models/emb.json" "$out/emb.json" <<'PY'
import json, math, sys
shipped, fresh = (json.load(open(path)) for path in sys.argv[1:])
def same(a, b, path):
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        return all(same(a[key], b[key], f"{path}.{key}") for key in a if key != "createdAt")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return all(same(x, y, f"{path}[{i}]") for i, (x, y) in enumerate(zip(a, b)))
    if isinstance(a, float) or isinstance(b, float):
        if math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6):
            return True
    elif a == b:
        return True
    print(f"check-models: emb.json{path}: {a} shipped, {b} retrained")
    return False
sys.exit(0 if same(shipped, fresh, "") else 1)
PY
then
  echo "check-models: emb.json reproduced (its numbers within 1e-6)"
  passed=$((passed + 1))
else
  echo "check-models: emb.json differs from a fresh training run (run 'make models' and commit the result)"
  failed=$((failed + 1))
fi
echo "check-models: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
