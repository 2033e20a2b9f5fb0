"""Triton's perf_analyzer, unchanged, against the server: every model, over REST with JSON and binary tensors and
over gRPC, real jokes.

A short run that proves the path (it reads each model's metadata and Triton configuration, then infers at 1 and
16 requests in flight), not a benchmark: scripts/perf-analyzer.sh with its defaults measures. perf_analyzer stops
at the first request that fails and exits non-zero, and the script with it: a pass means not one error.
"""
import os
import re
import subprocess

from conftest import ROOT, serve_with_grpc

SCRIPT = os.path.join(ROOT, "scripts", "perf-analyzer.sh")


def test_perf_analyzer_drives_every_model_over_rest_and_grpc_without_an_error():
    with serve_with_grpc() as (url, grpc):
        environment = os.environ | {"CONCURRENCY": "1:16:15", "WINDOW_MS": "1000", "STABILITY": "999", "JOKES": "200",
                                    "GRPC": grpc}
        run = subprocess.run([SCRIPT, url], capture_output=True, text=True, cwd=ROOT, env=environment, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    results = re.findall(r"^RESULT model=(\S+) protocol=(\S+) tensors=(\S+) concurrency=(\d+) rps=(\d+)", run.stdout,
                         re.MULTILINE)
    measured = {(model, protocol, tensors, int(concurrency)) for model, protocol, tensors, concurrency, _ in results}
    runs = [("http", "json"), ("http", "binary"), ("grpc", "protobuf")]
    assert measured == {(model, protocol, tensors, concurrency) for model in ("emb", "lr", "tr")
                        for protocol, tensors in runs for concurrency in (1, 16)}, run.stdout
    assert all(int(rps) > 0 for *_, rps in results), run.stdout
