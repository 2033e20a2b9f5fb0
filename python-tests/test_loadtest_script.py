"""scripts/loadtest.sh (wrk and scripts/loadtest/predict.lua) against `jokemeter serve`: a short run of each
kind ends with its summary line and no failed request."""
import os
import re
import subprocess

import pytest

from conftest import ROOT, serve


@pytest.fixture(scope="module")
def base_url():
    with serve() as url:
        yield url


def load(url, **environment):
    """The summary fields of a one-second run, as a dict of strings."""
    result = subprocess.run(
        [os.path.join(ROOT, "scripts", "loadtest.sh"), url, "1", "4"],
        env={**os.environ, "WARMUP_S": "0", "THREADS": "1", **environment}, capture_output=True, text=True, timeout=120)
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0 and lines and lines[-1].startswith("RESULT "), result.stdout + result.stderr
    return dict(re.findall(r"(\w+)=(\S+)", lines[-1]))


def test_predictions_with_a_model_mix(base_url):
    summary = load(f"{base_url}/api/v1/predict", MODEL_MIX="lr:70,tr:30", RUN_NAME="mix")
    assert summary["name"] == "mix"
    assert int(summary["requests"]) > 0
    assert summary["non2xx"] == "0" and summary["socket_errors"] == "0"


def test_probe_gets_with_a_model_mix_set(base_url):
    # METHOD=GET used to leave the mix's request tables empty, and wrk stopped with a Lua error.
    summary = load(f"{base_url}/api/v1/health", METHOD="GET", MODEL_MIX="lr:1,tr:1")
    assert int(summary["requests"]) > 0
    assert summary["non2xx"] == "0" and summary["socket_errors"] == "0"


def test_probe_gets_without_a_mix(base_url):
    summary = load(f"{base_url}/api/v1/health", METHOD="GET")
    assert int(summary["requests"]) > 0 and summary["non2xx"] == "0"
