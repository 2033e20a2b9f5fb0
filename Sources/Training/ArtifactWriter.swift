import Foundation
import Registry

/// Writes a trained model as `<directory>/<name>.json`.
public struct ArtifactWriter: Sendable {
    /// The folder artifacts go to; created if missing.
    public var directory: URL
    /// The `version` written into every artifact.
    public var version: String

    /// Creates a writer.
    public init(directory: URL, version: String = "1.0.0") {
        self.directory = directory
        self.version = version
    }

    /// Writes `outcome` atomically and returns the file's URL.
    @discardableResult
    public func write(_ outcome: CrossValidatedSearch.Outcome, createdAt: Date = Date()) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let document = ArtifactDocument(
            name: outcome.name,
            kind: outcome.kind,
            version: version,
            createdAt: createdAt,
            model: outcome.model,
            training: outcome.record
        )
        let url = directory.appendingPathComponent("\(outcome.name).json")
        try document.encoded().write(to: url, options: .atomic)
        return url
    }
}
