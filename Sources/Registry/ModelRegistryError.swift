/// Why a model directory could not become a registry.
public enum ModelRegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The directory could not be listed.
    case unreadableDirectory(path: String, reason: String)
    /// The directory holds no `*.json` artifact.
    case noArtifacts(path: String)
    /// One or more artifacts were rejected; none of the directory is served.
    case rejected([ModelLoadError])
    /// Two artifacts carry one `name`.
    case duplicateName(String, files: [String])
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
        case .duplicateName(let name, let files):
            "\(files.joined(separator: ", ")): name: \"\(name)\" is used by more than one artifact"
        case .missingDefault(let name, let available):
            "default model \"\(name)\" is not loaded; available: \(available.joined(separator: ", "))"
        }
    }
}
