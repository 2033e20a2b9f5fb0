/// Why a model directory could not become a registry.
public enum ModelRegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The directory could not be listed.
    case unreadableDirectory(path: String, reason: String)
    /// The directory holds no `*.json` artifact.
    case noArtifacts(path: String)
    /// One or more artifacts were rejected; none of the directory is served.
    case rejected([ModelLoadError])
    /// Two artifacts carry one `name` and one `version`.
    case duplicateVersion(String, version: String, files: [String])
    /// A version pin names a model or version that is not loaded (`available`: the model's versions).
    case unknownPin(String, version: String, available: [String])
    /// The default model is not among the loaded ones.
    case missingDefault(String, available: [String])

    public var description: String {
        switch self {
        case .unreadableDirectory(let path, let reason):
            "cannot read the models directory \(path): \(reason)"
        case .noArtifacts(let path):
            "no model artifacts (*.json) in \(path)"
        case .rejected(let errors):
            errors.map(\.description).joined(separator: "\n")
        case .duplicateVersion(let name, let version, let files):
            "\(files.joined(separator: ", ")): version \(version) of \"\(name)\" is in more than one artifact"
        case .unknownPin(let name, let version, let available) where available.isEmpty:
            "the pin \(name)=\(version) names a model that is not loaded"
        case .unknownPin(let name, let version, let available):
            "the pin \(name)=\(version) names a version that is not loaded; \(name) has \(available.joined(separator: ", "))"
        case .missingDefault(let name, let available):
            "default model \"\(name)\" is not loaded; available: \(available.joined(separator: ", "))"
        }
    }
}
