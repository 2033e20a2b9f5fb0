import Foundation

/// A whole artifact file, ready to encode: envelope, the model's sections and its training record.
public struct ArtifactDocument: Encodable, Sendable {
    /// The registry name.
    public var name: String
    /// The artifact kind.
    public var kind: String
    /// The model version.
    public var version: String
    /// ISO 8601 time of writing.
    public var createdAt: String
    /// The fitted model, whose sections are written.
    public var model: any TrainedModel
    /// How it was trained.
    public var training: TrainingRecord?

    /// Creates a document.
    public init(name: String, kind: String, version: String, createdAt: Date, model: any TrainedModel, training: TrainingRecord?) {
        self.name = name
        self.kind = kind
        self.version = version
        self.createdAt = createdAt.formatted(.iso8601)
        self.model = model
        self.training = training
    }

    private enum CodingKeys: String, CodingKey {
        case format, formatVersion, name, kind, version, createdAt, vectorizer, estimator, training
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ModelArtifact.format, forKey: .format)
        try container.encode(ModelArtifact.formatVersion, forKey: .formatVersion)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(version, forKey: .version)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(model.vectorizerSection, forKey: .vectorizer)
        try container.encode(model.estimatorSection, forKey: .estimator)
        try container.encodeIfPresent(training, forKey: .training)
    }

    /// The artifact's bytes: compact JSON with sorted keys, so equal models give equal bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
