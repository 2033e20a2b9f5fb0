#!/usr/bin/env bash
# Builds the runtime stage of deploy/Dockerfile around a statically linked jokemeter with podman and runs
# it for real: as a non-root user on a read-only root filesystem, the three models answering (the default
# picked by MODEL_TO_USE), the probes, /metrics, the image's HEALTHCHECK, JSON logs, and exit 0 on SIGTERM.
# The base image is made here (debootstrap --variant=minbase bookworm, then podman import), since no
# registry can be reached. Where podman or debootstrap cannot be had, it says so and skips.
#
# Usage: scripts/container-test.sh STATIC_JOKEMETER_BINARY, or scripts/container-test.sh --base-only (the base
# image alone, made while the binary builds)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:?usage: container-test.sh STATIC_JOKEMETER_BINARY}
base=localhost/jokemeter-base:bookworm
image=localhost/jokemeter:container-test
name=jokemeter-container-test
port=${CONTAINER_TEST_PORT:-18090}
cache=.build-container
run_flags=(--runtime runc --network host --ulimit nofile=20000:20000 --ulimit nproc=32768:32768)

skip() { echo "container-test: SKIPPED: $*"; exit 0; }
fail() { echo "container-test: FAILED: $*" >&2; podman logs "$name" 2>&1 | tail -20 >&2 || true; exit 1; }

packages=(podman runc debootstrap)
if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v debootstrap >/dev/null; then
    { apt-get install -y -q "${packages[@]}" || { apt-get update -q && apt-get install -y -q "${packages[@]}"; }; } >/dev/null 2>&1 || true
fi
for tool in "${packages[@]}"; do
    command -v "$tool" >/dev/null || skip "$tool is not installed and could not be (apt-get install $tool)"
done
if [ "$binary" != --base-only ]; then
    [ -x "$binary" ] || fail "$binary is not an executable"
    if grep -q libswiftCore <<<"$(ldd "$binary")"; then fail "$binary links the Swift runtime dynamically; build it with --static-swift-stdlib"; fi
fi

if ! podman image exists "$base"; then
    echo "container-test: making $base with debootstrap (once)"
    rm -rf "$cache/rootfs"
    mkdir -p "$cache"
    debootstrap --variant=minbase bookworm "$cache/rootfs" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1 \
        || skip "debootstrap could not reach the Debian mirror (see $cache/debootstrap.log)"
    tar -C "$cache/rootfs" -c . | podman import - "$base" >/dev/null
    rm -rf "$cache/rootfs"
fi
[ "$binary" != --base-only ] || { echo "container-test: $base is there"; exit 0; }

# The build stage is replaced by a folder holding the binary where the Dockerfile copies it from.
staging=$(mktemp -d)
trap 'podman rm -f "$name" >/dev/null 2>&1 || true; podman rmi -f "$image" >/dev/null 2>&1 || true; rm -rf "$staging"' EXIT
mkdir -p "$staging/staging" "$staging/weights/weights/out"
cp "$binary" "$staging/staging/jokemeter"
# And the weights stage by a folder holding emb's weights, as that stage would make them.
cp "$(scripts/build-embedding-weights.sh)" "$staging/weights/weights/out/"
podman build --quiet --format docker "${run_flags[@]}" -f deploy/Dockerfile --build-context "build=$staging" \
    --build-context "weights=$staging/weights" \
    --build-arg "RUNTIME_IMAGE=$base" --build-arg MODEL_TO_USE=tr -t "$image" . >/dev/null
echo "container-test: built the runtime stage around $binary"

podman rm -f "$name" >/dev/null 2>&1 || true
# (Without systemd, podman logs that it cannot schedule the periodic health check; "healthcheck run" below runs it.)
podman run -d --name "$name" "${run_flags[@]}" --health-interval disable --read-only -e PORT="$port" -e DRAIN_SECONDS=1 "$image" >/dev/null
url=http://127.0.0.1:$port
for _ in $(seq 1 100); do
    curl -fs "$url/api/v1/startup" >/dev/null 2>&1 && break
    sleep 0.1
done
for probe in startup ready health; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/api/v1/$probe")" = 200 ] || fail "/api/v1/$probe did not answer 200"
done

[ "$(podman exec "$name" id -u)" = 10001 ] || fail "the server does not run as user 10001"
if podman exec "$name" touch /should-not-be-writable 2>/dev/null; then fail "the root filesystem is writable"; fi

text='Штирлиц долго смотрел в одну точку. Потом в другую.'
body=$(python3 -c 'import json, sys; print(json.dumps({"text": sys.argv[1], "joker": "container"}))' "$text")
for model in tr lr emb; do
    header=()
    [ "$model" != tr ] && header=(-H "X-Model: $model")
    answer=$(curl -fs -X POST "$url/api/v1/predict" -H 'Content-Type: application/json' "${header[@]}" -d "$body") || fail "predict with $model failed"
    served=$(python3 -c 'import json, sys; a = json.loads(sys.argv[1]); print(a["model"], repr(a["rating"]))' "$answer")
    expected="$model $("$binary" predict --models models --model "$model" "$text")"
    [ "$served" = "$expected" ] || fail "the container answered '$served'; the binary on the host says '$expected'"
done
echo "container-test: the three models answer as the binary does (tr by default, from MODEL_TO_USE; emb on its own thread)"

# Read whole before grep: with pipefail, `grep -q` leaving at the first match can fail curl's write (a flake).
metrics=$(curl -fs "$url/metrics") || fail "/metrics did not answer"
grep -q '^jokemeter_models_loaded 3' <<<"$metrics" || fail "/metrics does not report 3 models loaded"
podman healthcheck run "$name" >/dev/null || fail "the image's HEALTHCHECK failed"
logs=$(podman logs "$name" 2>&1) || fail "podman logs failed"
grep -q '"message":"request"' <<<"$logs" || fail "no JSON request line in the logs"

podman kill --signal TERM "$name" >/dev/null
status=$(timeout 30 podman wait "$name") || fail "the server did not stop within 30 s of SIGTERM"
[ "$status" = 0 ] || fail "the server exited $status after SIGTERM"
echo "container-test: non-root, read-only root, probes, /metrics, HEALTHCHECK, JSON logs, SIGTERM exit 0"
