import EmbeddingKernels
import EmbeddingModel
import Foundation
import Testing

@Suite("The encoder's kernels")
struct EmbeddingKernelsTests {
    /// A Q4_0 matrix of `rows` × `cols` with random nibbles and scales (fp16), as bytes.
    static func randomBlocks(rows: Int, cols: Int, generator: inout SystemRandomNumberGenerator) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<rows * cols / 32 {
            let scale = Float16(Float.random(in: -0.05...0.05, using: &generator))
            bytes += [UInt8(scale.bitPattern & 0xFF), UInt8(scale.bitPattern >> 8)]
            bytes += (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
        return bytes
    }

    /// `blocks` (bytes) seen as the C library's Q4_0 blocks.
    static func withBlocks<Result>(_ blocks: [UInt8], _ body: (UnsafePointer<jm_block_q4_0>) -> Result) -> Result {
        blocks.withUnsafeBytes { bytes in bytes.withMemoryRebound(to: jm_block_q4_0.self) { body($0.baseAddress!) } }
    }

    /// Weight `column` of `row` of Q4_0 `blocks` (`cols` wide), dequantized.
    static func weight(_ blocks: [UInt8], cols: Int, row: Int, column: Int) -> Double {
        let block = (row * cols + column) / 32 * 18
        let scale = Double(Float16(bitPattern: UInt16(blocks[block]) | UInt16(blocks[block + 1]) << 8))
        let j = column % 32
        let byte = blocks[block + 2 + j % 16]
        return Double(Int(j < 16 ? byte & 0x0F : byte >> 4) - 8) * scale
    }

    @Test("Q4_0 blocks pack to their nibbles, eight rows interleaved four at a time, and their fp16 scales")
    func pack() {
        var blocks: [UInt8] = []
        for row in 0..<8 {
            let scale = Float16(Float(row + 1)).bitPattern
            blocks += [UInt8(scale & 0xFF), UInt8(scale >> 8)]
            blocks += (0..<16).map { UInt8(($0 + row) % 16) | UInt8(15 - $0) << 4 }
        }
        var nibbles = [UInt8](repeating: 0, count: 8 * 32)
        var scales = [Float](repeating: 0, count: 8)
        Self.withBlocks(blocks) { jm_q4_pack($0, 8, 32, &nibbles, &scales) }
        #expect(scales == (1...8).map(Float.init))
        for row in 0..<8 {
            for column in 0..<32 {
                let packed = nibbles[column / 4 * 32 + row * 4 + column % 4]
                #expect(Double(Int(packed) - 8) * Double(row + 1) == Self.weight(blocks, cols: 32, row: row, column: column))
            }
        }
    }

    @Test("A Q4_0 block is ggml's 18 bytes, and dequantizes to (nibble - 8) × scale, low nibbles first")
    func dequantize() {
        #expect(MemoryLayout<jm_block_q4_0>.size == 18)
        var generator = SystemRandomNumberGenerator()
        let (rows, cols) = (3, 64)
        let blocks = Self.randomBlocks(rows: rows, cols: cols, generator: &generator)
        var values = [Float](repeating: .nan, count: rows * cols)
        Self.withBlocks(blocks) { jm_q4_dequantize($0, rows * cols / 32, &values) }
        for row in 0..<rows {
            for column in 0..<cols {
                #expect(Double(values[row * cols + column]) == Self.weight(blocks, cols: cols, row: row, column: column))
            }
        }
    }

    @Test("Activations round to 8 bits per block of 32, half to even, each block's sum kept")
    func quantize() {
        var x = [Float](repeating: 0, count: 64)
        x[0] = 127
        x[1] = -63.5
        x[2] = 0.5
        x[3] = 1.5
        var q = [Int8](repeating: 0, count: 64)
        var scales = [Float](repeating: 9, count: 2)
        var sums = [Int32](repeating: 9, count: 2)
        jm_quantize_rows(x, 1, 64, &q, &scales, &sums)
        #expect(Array(q[0..<4]) == [127, -64, 0, 2])
        #expect(scales == [1, 0])
        #expect(sums == [127 - 64 + 2, 0])
    }

    @Test("Every code path this CPU has computes the product of the dequantized weights and activations")
    func matmulPaths() throws {
        var generator = SystemRandomNumberGenerator()
        let (rows, cols, tokens) = (40, 96, 7)
        let blocks = Self.randomBlocks(rows: rows, cols: cols, generator: &generator)
        var nibbles = [UInt8](repeating: 0, count: rows * cols)
        var weightScales = [Float](repeating: 0, count: rows * cols / 32)
        Self.withBlocks(blocks) { jm_q4_pack($0, rows, cols, &nibbles, &weightScales) }
        let x = (0..<tokens * cols).map { _ in Float.random(in: -3...3, using: &generator) }
        var q = [Int8](repeating: 0, count: tokens * cols)
        var scales = [Float](repeating: 0, count: tokens * cols / 32)
        var sums = [Int32](repeating: 0, count: tokens * cols / 32)
        jm_quantize_rows(x, tokens, cols, &q, &scales, &sums)
        let bias = (0..<rows).map { Float($0) / 10 }
        var expected = [Double](repeating: 0, count: tokens * rows)
        for t in 0..<tokens {
            for o in 0..<rows {
                var sum = Double(bias[o])
                for k in 0..<cols {
                    sum += Self.weight(blocks, cols: cols, row: o, column: k) * Double(q[t * cols + k]) * Double(scales[t * cols / 32 + k / 32])
                }
                expected[t * rows + o] = sum
            }
        }
        var ran: [String] = []
        for path in ["portable", "avx2", "avx512-vnni"] {
            var y = [Float](repeating: .nan, count: tokens * rows)
            guard jm_matmul_q4q8_on(path, nibbles, weightScales, bias, rows, cols, q, scales, sums, tokens, &y) == 0 else { continue }
            ran.append(path)
            for index in y.indices { #expect(abs(Double(y[index]) - expected[index]) < 1e-4, "\(path) at \(index)") }
        }
        #expect(ran.contains("portable"))
        #expect(ran.contains(String(cString: jm_kernel_path())))
        #expect(jm_matmul_q4q8_on("sse9", nibbles, weightScales, bias, rows, cols, q, scales, sums, tokens, nil) == -1)
    }

    @Test("GELU agrees with the exact one of the C library's erff")
    func gelu() {
        var values = (-8000...8000).map { Float($0) / 1000 }
        let expected = values.map { 0.5 * $0 * (1 + erff($0 * 0.707_106_78)) }
        jm_gelu(&values, values.count)
        let largest = zip(values, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(largest < 2e-6)
    }
}

@Suite("The encoder's attention kernel")
struct AttentionKernelTests {
    @Test("Each token's context is the softmax-weighted mean of its window's values, head by head")
    func attention() {
        let (hidden, heads, count) = (16, 2, 3)
        var generator = SplitMix(seed: 11)
        let qkv = (0..<count * 3 * hidden).map { _ in Float(generator.next() % 2000) / 1000 - 1 }
        var context = [Float](repeating: .nan, count: count * hidden)
        var scores = [Float](repeating: 0, count: count)
        jm_attention(qkv, count, hidden, heads, &context, &scores)
        let size = hidden / heads
        for token in 0..<count {
            for head in 0..<heads {
                let logits = (0..<count).map { other in
                    (0..<size).reduce(0.0) {
                        $0 + Double(qkv[token * 3 * hidden + head * size + $1] * qkv[other * 3 * hidden + hidden + head * size + $1])
                    }
                        / Double(size).squareRoot()
                }
                let weights = logits.map { exp($0 - logits.max()!) }
                for lane in 0..<size {
                    let expected =
                        (0..<count).reduce(0.0) { $0 + weights[$1] * Double(qkv[$1 * 3 * hidden + 2 * hidden + head * size + lane]) }
                        / weights.reduce(0, +)
                    #expect(abs(Double(context[token * hidden + head * size + lane]) - expected) < 1e-5)
                }
            }
        }
    }
}
