import Foundation

/// One model artifact file: its validated envelope, and its parsed JSON for the plugin to decode.
///
/// The envelope (`format`, `formatVersion`, `name`, `kind`, `version`, `createdAt`, `training`) is the same
/// for every kind; the rest (`vectorizer`, `estimator`) belongs to the kind's plugin. The file is parsed once
/// (strict JSON, plus the `NaN` and `Infinity` that Python's `json` writes) and decoded by
/// ``JSONValueDecoder``.
public struct ModelArtifact: Sendable {
    /// The value of every artifact's `format` field.
    public static let format = "jokemeter.model"
    /// The artifact format version this build reads and writes.
    public static let formatVersion = 1

    /// The file name, for error messages.
    public let file: String
    /// The folder the file was read from, where a kind finds files the artifact names beside it (the embedding
    /// kind's weights); nil for an artifact read from bytes alone.
    public let directory: URL?
    /// Name, kind, version, digest and training record, read from the envelope.
    public let descriptor: ModelDescriptor
    private let document: JSONValue

    /// Reads and validates the envelope of `data`, the bytes of the file named `file` in `directory`.
    public init(file: String, data: Data, directory: URL? = nil) throws(ModelLoadError) {
        self.file = file
        self.directory = directory
        do {
            document = try data.withUnsafeBytes { bytes throws(JSONSyntaxError) in try JSONValue(parsing: bytes, allowingNonFiniteNumbers: true) }
        } catch {
            throw ModelLoadError(file: file, reason: "is not valid JSON: \(error)")
        }
        let envelope: Envelope
        do {
            envelope = try JSONValueDecoder.decode(Envelope.self, from: document)
        } catch let error as DecodingError {
            let artifactError = ArtifactError(error)
            throw ModelLoadError(file: file, field: artifactError.field, reason: artifactError.reason)
        } catch {
            throw ModelLoadError(file: file, reason: "\(error)")
        }
        guard envelope.format == Self.format else {
            throw ModelLoadError(file: file, field: "format", reason: "is \"\(envelope.format)\"; expected \"\(Self.format)\"")
        }
        guard envelope.formatVersion == Self.formatVersion else {
            throw ModelLoadError(
                file: file,
                field: "formatVersion",
                reason: "\(envelope.formatVersion) is not supported; this build reads version \(Self.formatVersion)"
            )
        }
        for (field, value) in [("name", envelope.name), ("kind", envelope.kind), ("version", envelope.version)]
        where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ModelLoadError(file: file, field: field, reason: "is empty")
        }
        guard !envelope.name.contains("@") else {
            throw ModelLoadError(
                file: file,
                field: "name",
                reason: "\"\(envelope.name)\" holds \"@\", which separates a name from a version (lr@1.0.0)"
            )
        }
        let digest = ContentDigest.sha256Hex(data)
        descriptor = ModelDescriptor(
            name: envelope.name,
            kind: envelope.kind,
            version: envelope.version,
            digest: "sha256:\(digest)",
            createdAt: envelope.createdAt,
            training: envelope.training
        )
    }

    /// Decodes the whole file as the plugin's own type; a decoding failure becomes an ``ArtifactError``
    /// naming the field.
    public func decode<Body: Decodable>(_ type: Body.Type) throws(ArtifactError) -> Body {
        do {
            return try JSONValueDecoder.decode(type, from: document)
        } catch let error as DecodingError {
            throw ArtifactError(error)
        } catch let error as ArtifactError {
            throw error
        } catch {
            throw ArtifactError(field: "", reason: "\(error)")
        }
    }

    private struct Envelope: Decodable {
        var format: String
        var formatVersion: Int
        var name: String
        var kind: String
        var version: String
        var createdAt: String?
        var training: TrainingRecord?
    }
}
