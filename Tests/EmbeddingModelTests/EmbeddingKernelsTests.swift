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

    @Test("Q4_0 blocks unpack to their nibbles and fp16 scales")
    func unpack() {
        var block: [UInt8] = [0x00, 0x3C]  // fp16 1.0
        block += (0..<16).map { UInt8($0) | UInt8(15 - $0) << 4 }
        var nibbles = [UInt8](repeating: 0, count: 32)
        var scales = [Float](repeating: 0, count: 1)
        jm_q4_unpack(block, 1, 32, &nibbles, &scales)
        #expect(scales == [1])
        let low: [UInt8] = (0..<16).map { UInt8($0) }
        let high: [UInt8] = (0..<16).map { UInt8(15 - $0) }
        #expect(nibbles == low + high)
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
        let (rows, cols, tokens) = (36, 96, 5)
        let blocks = Self.randomBlocks(rows: rows, cols: cols, generator: &generator)
        var nibbles = [UInt8](repeating: 0, count: rows * cols)
        var weightScales = [Float](repeating: 0, count: rows * cols / 32)
        jm_q4_unpack(blocks, rows, cols, &nibbles, &weightScales)
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
                    let weight = Double(Int(nibbles[o * cols + k]) - 8) * Double(weightScales[o * cols / 32 + k / 32])
                    sum += weight * Double(q[t * cols + k]) * Double(scales[t * cols / 32 + k / 32])
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
