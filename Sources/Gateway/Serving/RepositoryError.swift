import Registry

/// Why a model repository load or unload (``ModelReloader/loadModel(_:)``, ``ModelReloader/unloadModel(_:)``) or the
/// repository index did not take place, in no protocol's terms; the models serving stay as they were.
public enum RepositoryError: Error, Equatable, Sendable {
    /// The server has no models folder to load from or index.
    case noFolder(String)
    /// No artifact of the folder (for a load), or no loaded model (for an unload), has that name.
    case unknownModel(UnknownModel)
    /// A check refused the change (a broken artifact, the default model, one the traffic settings name).
    case refused(String)
}
