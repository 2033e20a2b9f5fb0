import Foundation

/// A small encoder weights file written by the test (hidden 32, one layer, two heads, six pieces), in the layout
/// tools/convert_e5.py writes: for the loader's checks, without the 72 MB model.
struct TinyEncoderFile {
    static let pieces = ["<s>", "<pad>", "</s>", "<unk>", "\u{2581}", "\u{2581}ab", "a", "b"]
    static let hidden = 32
    static let intermediate = 64

    /// The file's bytes; `tensorNames` may rename or drop tensors to make it broken.
    static func bytes(dropping dropped: String? = nil, headerVersion: Int = 1) -> [UInt8] {
        var generator = SplitMix(seed: 3)
        var sections: [(name: String, dtype: String, shape: [Int], payload: [UInt8])] = []
        func floats(_ values: [Float]) -> [UInt8] { values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) } }
        func words(_ values: [UInt32]) -> [UInt8] { values.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) } }
        func q4(rows: Int, cols: Int) -> [UInt8] {
            (0..<rows * cols / 32).flatMap { _ -> [UInt8] in
                let scale = Float16(Float(generator.next() % 100) / 2000 - 0.025).bitPattern
                return [UInt8(scale & 0xFF), UInt8(scale >> 8)] + (0..<16).map { _ in UInt8(generator.next() % 256) }
            }
        }
        func random(_ count: Int, around centre: Float = 0) -> [Float] {
            (0..<count).map { _ in centre + Float(generator.next() % 1000) / 5000 - 0.1 }
        }
        let utf8 = pieces.map { Array($0.utf8) }
        var offsets: [UInt32] = [0]
        for piece in utf8 { offsets.append(offsets.last! + UInt32(piece.count)) }
        sections += [
            ("tokenizer.pieceOffsets", "u32", [pieces.count + 1], words(offsets)),
            ("tokenizer.scores", "f32", [pieces.count], floats([0, 0, 0, 0, -2, -1, -3, -3])),
            ("tokenizer.pieceBytes", "u8", [utf8.joined().count], Array(utf8.joined())),
            ("normalizer.codePoints", "u32", [2], words([0x09, 0xFF41])),
            ("normalizer.outputOffsets", "u32", [3], words([0, 1, 2])),
            ("normalizer.outputs", "u32", [2], words([0x20, 0x61])),
            ("embeddings.word", "q4_0", [pieces.count, hidden], q4(rows: pieces.count, cols: hidden)),
            ("embeddings.position", "f32", [8, hidden], floats(random(8 * hidden))),
            ("embeddings.tokenType", "f32", [2, hidden], floats(random(2 * hidden))),
            ("embeddings.norm.weight", "f32", [hidden], floats(random(hidden, around: 1))),
            ("embeddings.norm.bias", "f32", [hidden], floats(random(hidden))),
        ]
        for (name, rows, cols) in [
            ("query", hidden, hidden), ("key", hidden, hidden), ("value", hidden, hidden), ("attentionOutput", hidden, hidden),
            ("intermediate", intermediate, hidden), ("output", hidden, intermediate),
        ] {
            sections.append(("layer.0.\(name).weight", "q4_0", [rows, cols], q4(rows: rows, cols: cols)))
            sections.append(("layer.0.\(name).bias", "f32", [rows], floats(random(rows))))
        }
        for norm in ["attentionNorm", "outputNorm"] {
            sections.append(("layer.0.\(norm).weight", "f32", [hidden], floats(random(hidden, around: 1))))
            sections.append(("layer.0.\(norm).bias", "f32", [hidden], floats(random(hidden))))
        }
        sections.removeAll { $0.name == dropped }
        var directory: [[String: Any]] = []
        var offset = 64 * 64
        for section in sections {
            directory.append(["name": section.name, "dtype": section.dtype, "shape": section.shape, "offset": offset, "bytes": section.payload.count])
            offset += (section.payload.count + 63) / 64 * 64
        }
        let header: [String: Any] = [
            "format": "jokemeter.encoder-weights", "formatVersion": 1, "hidden": hidden, "layers": 1, "heads": 2,
            "intermediate": intermediate, "maxPositions": 8, "layerNormEpsilon": 1e-12, "vocabularySize": pieces.count,
            "tokenizer": ["kind": "sentencepiece-unigram", "pieces": pieces.count, "bos": 0, "eos": 2, "pad": 1, "unknown": 3],
            "tensors": directory,
        ]
        let json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        var bytes =
            Array("JMEW".utf8) + words([UInt32(headerVersion)]) + withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + Array(json)
        precondition(bytes.count <= 64 * 64, "the tiny header outgrew its room")
        bytes += [UInt8](repeating: 0, count: 64 * 64 - bytes.count)
        for section in sections {
            bytes += section.payload
            bytes += [UInt8](repeating: 0, count: (64 - section.payload.count % 64) % 64)
        }
        return bytes
    }

    /// Writes the file into a new temporary folder; returns the folder and the file's name.
    static func write(_ bytes: [UInt8] = bytes(), name: String = "tiny.weights") throws -> (URL, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-encoder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: folder.appendingPathComponent(name))
        return (folder, name)
    }
}

/// A small deterministic generator.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
