import Foundation
import Registry

/// The artifact's `vectorizer` section for kind `embedding`: the encoder that turns a text into its embedding,
/// whose weights lie in a file beside the artifact, named and checked by it.
package struct EmbeddingEncoderSection: Sendable, Codable, Equatable {
    /// The weights file: its name in the artifact's folder, its size and its SHA-256.
    package var weights: WeightsFileReference
    /// The text put before every text (`"query: "`, as multilingual-e5 rates a query).
    package var prefix: String
    /// Texts a caller may have read before a text instead of the prefix, by name (sentence-transformers' `prompts`;
    /// TEI's `prompt_name` picks one). Absent: only the prefix.
    package var prompts: [String: String]?
    /// The most tokens of one text (the prefix's included) the model takes; a longer text is refused. Absent:
    /// ``defaultMaxTokens``.
    package var maxTokens: Int?

    /// Two windows of 510 tokens: about a third of a second of one thread.
    package static let defaultMaxTokens = 1024

    package init(weights: WeightsFileReference, prefix: String, prompts: [String: String]? = nil, maxTokens: Int? = defaultMaxTokens) {
        self.weights = weights
        self.prefix = prefix
        self.prompts = prompts
        self.maxTokens = maxTokens
    }
}

/// A binary file an artifact names: a half-written, replaced or missing file is refused like a broken artifact.
package struct WeightsFileReference: Sendable, Codable, Equatable {
    /// The file's name, in the artifact's folder (no path).
    package var file: String
    /// Its size in bytes.
    package var bytes: Int
    /// Its SHA-256, as 64 lower-case hex digits.
    package var sha256: String

    package init(file: String, bytes: Int, sha256: String) {
        self.file = file
        self.bytes = bytes
        self.sha256 = sha256
    }

    /// The reference to the file at `path`, as it is now.
    package init?(describing path: String) {
        guard let size = Self.size(ofFileAt: path),
            let digest = ContentDigest.sha256Hex(ofFileAt: path)
        else { return nil }
        self.init(file: URL(fileURLWithPath: path).lastPathComponent, bytes: size, sha256: digest)
    }

    /// Maps the file from `directory` once its size and digest match.
    func open(in directory: URL) throws(ArtifactError) -> EncoderWeightsFile {
        let field = "vectorizer.weights"
        guard !file.isEmpty, !file.contains("/"), file != ".", file != ".." else {
            throw ArtifactError(field: "\(field).file", reason: "\"\(file)\" is not a file name")
        }
        let path = directory.appendingPathComponent(file).path
        guard let size = Self.size(ofFileAt: path) else {
            throw ArtifactError(field: "\(field).file", reason: "\(file) is missing beside the artifact (make embedding-weights builds it)")
        }
        guard size == bytes else {
            throw ArtifactError(
                field: "\(field).bytes",
                reason: "\(file) has \(size) bytes; the artifact expects \(bytes) (half-written or another file?)"
            )
        }
        guard let digest = ContentDigest.sha256Hex(ofFileAt: path), digest == sha256 else {
            throw ArtifactError(
                field: "\(field).sha256",
                reason: "\(file) does not have the SHA-256 the artifact names (another version of the weights?)"
            )
        }
        return try EncoderWeightsFile(path: path, field: field)
    }

    /// The size of the file at `path`, a link followed (as a Kubernetes volume's files are links).
    private static func size(ofFileAt path: String) -> Int? {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return (try? FileManager.default.attributesOfItem(atPath: resolved))?[.size] as? Int
    }
}
