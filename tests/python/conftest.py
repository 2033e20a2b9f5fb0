"""Shared helpers of the Python test tools: the built binary, the shipped data, the exporter."""
import csv
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("JOKEMETER_BIN", os.path.join(ROOT, ".build", "debug", "jokemeter"))
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
