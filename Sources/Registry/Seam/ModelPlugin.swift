/// Loads one artifact `kind` into a ``TextModel``.
///
/// A new model kind is a type conforming to this protocol, listed once in the executable's plugin list.
public protocol ModelPlugin: TextModel {
    /// The artifact `kind` this plugin reads, for example `"linear"`.
    static var kind: String { get }

    /// Builds the model from a validated envelope; throws a `DecodingError` or ``ArtifactError`` naming the
    /// field when the kind-specific part is wrong. Never yields a half-built model.
    init(artifact: ModelArtifact) throws
}
