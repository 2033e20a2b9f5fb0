import EmbeddingKernels

/// The header of an encoder weights file: the transformer's shape, its tokenizer's special ids, where the weights
/// came from, and where each tensor lies.
package struct EncoderWeightsHeader: Decodable, Sendable {
    /// The header format this build reads.
    static let formatVersion: UInt32 = 1

    /// Width of the hidden states (384).
    package var hidden: Int
    /// Transformer layers (12).
    package var layers: Int
    /// Attention heads per layer (12).
    package var heads: Int
    /// Width of the feed-forward layer (1536).
    package var intermediate: Int
    /// Longest window the position table covers, specials included (512).
    package var maxPositions: Int
    /// The layer norms' epsilon.
    package var layerNormEpsilon: Float
    /// Rows of the word embedding table.
    package var vocabularySize: Int
    /// The tokenizer's size and special ids.
    package var tokenizer: Tokenizer
    /// Every tensor of the file.
    package var tensors: [Tensor]

    /// A SentencePiece unigram tokenizer's size and special ids.
    package struct Tokenizer: Decodable, Sendable {
        package var pieces: Int
        package var bos: Int32
        package var eos: Int32
        package var unknown: Int32
    }

    /// One tensor: its element type, its shape (row-major), and its bytes' place in the file.
    package struct Tensor: Decodable, Sendable {
        package var name: String
        package var dtype: DType
        package var shape: [Int]
        package var offset: Int
        package var bytes: Int
    }

    /// How a tensor's elements are stored.
    package enum DType: String, Decodable, Sendable {
        case f32, u32, u8
        /// ggml's Q4_0: blocks of 32 weights, an fp16 scale and 16 bytes of nibbles (`jm_block_q4_0`).
        case q4_0

        /// The bytes of `elements` values.
        func bytes(elements: Int) -> Int {
            switch self {
            case .f32, .u32: elements * 4
            case .u8: elements
            case .q4_0: elements % Int(JM_BLOCK) == 0 ? elements / Int(JM_BLOCK) * MemoryLayout<jm_block_q4_0>.size : -1
            }
        }
    }
}
