"""Shared helpers of the Python test tools: the built binary, the shipped data, the exporter, a live server."""
import contextlib
import csv
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("JOKEMETER_BIN", os.path.join(ROOT, ".build", "release", "jokemeter"))
DATA = os.path.join(ROOT, "data", "clean_comedy_gold_ru.csv")
sys.path.insert(0, os.path.join(ROOT, "tools"))


def read_data(path=DATA):
    """(texts, scores) of a CSV with text and score columns."""
    with open(path, newline="", encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    return [row["text"] for row in rows], [float(row["score"]) for row in rows]


def write_data(path, texts, scores):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["text", "score"])
        writer.writerows(zip(texts, scores))


def jokemeter(*arguments, stdin=None):
    """Runs the binary; its stdout, or a failure carrying its stderr."""
    result = subprocess.run([BINARY, *arguments], input=stdin, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        pytest.fail(f"jokemeter {' '.join(arguments)} exited {result.returncode}: {result.stderr}")
    return result.stdout


def predict(models_dir, model, texts):
    """`jokemeter predict` on every text (JSON lines, so texts may hold line breaks)."""
    stdin = "".join(json.dumps(text, ensure_ascii=False) + "\n" for text in texts)
    output = jokemeter("predict", "--models", models_dir, "--model", model, "--format", "jsonl", stdin=stdin)
    ratings = [float(line) for line in output.split()]
    assert len(ratings) == len(texts)
    return ratings


def explain(models_dir, model, texts):
    """`jokemeter explain --format json` on every text: the API's answer for each, in order."""
    stdin = "".join(json.dumps(text, ensure_ascii=False) + "\n" for text in texts)
    output = jokemeter("explain", "--models", models_dir, "--model", model, "--format", "json", "--input", "jsonl", stdin=stdin)
    answers = [json.loads(line) for line in output.splitlines()]
    assert len(answers) == len(texts)
    return answers


@contextlib.contextmanager
def serve(*flags, environment=None):
    """`jokemeter serve` with the shipped models on a free loopback port, gRPC off (and `flags`, and `environment`
    over this process's); yields its base URL, then stops it with SIGTERM and expects exit 0."""
    with serve_with_grpc(*flags, environment=environment, grpc=False) as (url, _):
        yield url


def free_port():
    """A loopback port that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serve_with_grpc(*flags, environment=None, grpc=True):
    """As `serve`, with the gRPC server on a free loopback port too (unless `grpc` is false); yields the base URL
    and the gRPC address (`127.0.0.1:PORT`, or None), then stops the server with SIGTERM and expects exit 0."""
    grpc_port = free_port() if grpc else 0
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        server = subprocess.Popen(
            [BINARY, "serve", "--host", "127.0.0.1", "--port", "0", "--grpc-port", str(grpc_port), "--drain-seconds", "0",
             *flags],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=os.environ | (environment or {}))
        try:
            deadline = time.monotonic() + 30
            port = None
            while port is None and time.monotonic() < deadline and server.poll() is None:
                with open(log.name, encoding="utf-8") as text:
                    output = text.read()
                match = re.search(r"listening on 127\.0\.0\.1:(\d+)", output)
                if grpc and f"serving gRPC at 127.0.0.1:{grpc_port}" not in output:
                    match = None
                port = int(match.group(1)) if match else time.sleep(0.05)
            assert port, f"server did not start: {open(log.name, encoding='utf-8').read()}"
            yield f"http://127.0.0.1:{port}", f"127.0.0.1:{grpc_port}" if grpc else None
        finally:
            server.send_signal(signal.SIGTERM)
            assert server.wait(timeout=10) == 0
