/// What a loaded model is, as the registry, the command line and the HTTP API describe it.
public struct ModelDescriptor: Sendable, Equatable, Codable {
    /// The registry's name of the model: the artifact's `name`.
    public var name: String
    /// The artifact `kind`, which picks the plugin.
    public var kind: String
    /// The artifact's `version`.
    public var version: String
    /// `sha256:` and the hex digest of the artifact file's bytes.
    public var digest: String
    /// When the artifact was written (ISO 8601), if it says.
    public var createdAt: String?
    /// How the model was trained and how well it did in cross-validation, if recorded.
    public var training: TrainingRecord?

    /// Creates a descriptor.
    public init(name: String, kind: String, version: String, digest: String, createdAt: String? = nil, training: TrainingRecord? = nil) {
        self.name = name
        self.kind = kind
        self.version = version
        self.digest = digest
        self.createdAt = createdAt
        self.training = training
    }
}
