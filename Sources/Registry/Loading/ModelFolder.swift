import Foundation

/// Where a server's artifacts come from: every `*.json` file of a folder, or one file (the original's
/// `ML_MODEL_PATH`). A reload reads it whole; the model repository API reads it one model at a time.
public struct ModelFolder: Sendable {
    /// The loader that turns its files into models.
    public let loader: ModelLoader
    private let directory: URL?
    private let file: URL?

    /// Every `*.json` artifact of `directory`.
    public init(directory: URL, loader: ModelLoader) {
        self.loader = loader
        self.directory = directory
        self.file = nil
    }

    /// The one artifact `file`.
    public init(file: URL, loader: ModelLoader) {
        self.loader = loader
        self.directory = nil
        self.file = file
    }

    /// The artifact files, sorted by name.
    public func files() throws(ModelRegistryError) -> [URL] {
        if let file { return [file] }
        return try ModelLoader.artifactFiles(in: directory!)
    }

    /// Every artifact: its descriptor as its envelope says (the file read whole and checked, its model not built),
    /// or why it cannot be read; sorted by file name.
    public func scan() throws(ModelRegistryError) -> [ArtifactScan] {
        try files().map { url in
            let name = url.lastPathComponent
            do {
                let data = try Data(contentsOf: url)
                return ArtifactScan(
                    file: name,
                    result: .success(try ModelArtifact(file: name, data: data, directory: url.deletingLastPathComponent()).descriptor)
                )
            } catch let error as ModelLoadError {
                return ArtifactScan(file: name, result: .failure(error))
            } catch {
                return ArtifactScan(file: name, result: .failure(ModelLoadError(file: name, reason: "cannot be read: \(error.localizedDescription)")))
            }
        }
    }

    /// Loads every artifact of `scanned` (this folder's ``scan()``) whose envelope names `name`: all of them, or the
    /// error listing each rejected one. Empty when none does. (A file whose envelope cannot be read names no model,
    /// and is not among them.)
    public func loadArtifacts(named name: String, in scanned: [ArtifactScan]) throws(ModelRegistryError) -> [any TextModel] {
        let directory = self.directory ?? file!.deletingLastPathComponent()
        let files = scanned.filter { (try? $0.result.get().name) == name }.map { directory.appendingPathComponent($0.file) }
        return files.isEmpty ? [] : try loader.loadArtifacts(files: files)
    }

    /// Loads every artifact into a registry (see ``ModelLoader/loadRegistry(files:defaultModel:pins:)``).
    public func loadRegistry(defaultModel: String, pins: [String: String] = [:]) throws(ModelRegistryError) -> ModelRegistry {
        try loader.loadRegistry(files: try files(), defaultModel: defaultModel, pins: pins)
    }
}

/// One artifact file of a ``ModelFolder``, as its envelope describes it.
public struct ArtifactScan: Sendable, Equatable {
    /// The file's name.
    public var file: String
    /// Its descriptor, or why it cannot be read.
    public var result: Result<ModelDescriptor, ModelLoadError>

    /// Creates a scan of `file`.
    public init(file: String, result: Result<ModelDescriptor, ModelLoadError>) {
        self.file = file
        self.result = result
    }
}
