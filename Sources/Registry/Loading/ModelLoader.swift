import Dispatch
import Foundation
import Synchronization

/// Turns artifact files into models through the registered plugins.
public struct ModelLoader: Sendable {
    private let plugins: [String: any ModelPlugin.Type]

    /// A loader that knows the given plugins, for example `[LinearModel.self, TreeModel.self]`.
    public init(plugins: [any ModelPlugin.Type]) {
        self.plugins = Dictionary(plugins.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The kinds this loader can read, sorted.
    public var kinds: [String] { plugins.keys.sorted() }

    /// Loads one artifact file: all of it or nothing.
    public func loadArtifact(at url: URL) throws(ModelLoadError) -> any TextModel {
        let file = url.lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ModelLoadError(file: file, reason: "cannot be read: \(error.localizedDescription)")
        }
        return try loadArtifact(data, file: file, directory: url.deletingLastPathComponent())
    }

    /// Loads one artifact from its bytes; `file` names it in errors, and `directory` is where files it names
    /// beside it are found.
    public func loadArtifact(_ data: Data, file: String, directory: URL? = nil) throws(ModelLoadError) -> any TextModel {
        let artifact = try ModelArtifact(file: file, data: data, directory: directory)
        let kind = artifact.descriptor.kind
        guard let plugin = plugins[kind] else {
            throw ModelLoadError(file: file, field: "kind", reason: "\"\(kind)\" is unknown; known kinds: \(kinds.joined(separator: ", "))")
        }
        do {
            return try plugin.init(artifact: artifact)
        } catch let error as ArtifactError {
            throw ModelLoadError(file: file, field: error.field, reason: error.reason)
        } catch let error as DecodingError {
            let artifactError = ArtifactError(error)
            throw ModelLoadError(file: file, field: artifactError.field, reason: artifactError.reason)
        } catch {
            throw ModelLoadError(file: file, reason: "\(error)")
        }
    }

    /// Loads every `*.json` artifact of `directory` (sorted by file name) into a registry, each name's served
    /// version by `pins` (name to version) or else the newest. Any rejected file fails the whole load, and the
    /// error lists every rejected file. The folder may be a link (as a Kubernetes volume's is), and so may its files.
    public func loadRegistry(directory: URL, defaultModel: String, pins: [String: String] = [:]) throws(ModelRegistryError) -> ModelRegistry {
        try loadRegistry(files: try Self.artifactFiles(in: directory), defaultModel: defaultModel, pins: pins)
    }

    /// The `*.json` files of `directory`, sorted by name; at least one.
    public static func artifactFiles(in directory: URL) throws(ModelRegistryError) -> [URL] {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory.resolvingSymlinksInPath(), includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw .unreadableDirectory(path: directory.path, reason: error.localizedDescription)
        }
        guard !files.isEmpty else { throw .noArtifacts(path: directory.path) }
        return files
    }

    /// Loads the given artifact files into a registry, all at once on the machine's cores; any rejected
    /// file fails the whole load.
    public func loadRegistry(files: [URL], defaultModel: String, pins: [String: String] = [:]) throws(ModelRegistryError) -> ModelRegistry {
        try ModelRegistry(models: try loadArtifacts(files: files), defaultModel: defaultModel, pins: pins)
    }

    /// Loads the given artifact files, all at once on the machine's cores: every model, or the error listing every
    /// rejected file; no name and version twice.
    public func loadArtifacts(files: [URL]) throws(ModelRegistryError) -> [any TextModel] {
        let results = Mutex([Result<any TextModel, ModelLoadError>?](repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let result = Result { () throws(ModelLoadError) in try loadArtifact(at: files[index]) }
            results.withLock { $0[index] = result }
        }
        var models: [any TextModel] = []
        var filesByVersion: [ModelVersionKey: [String]] = [:]
        var errors: [ModelLoadError] = []
        for (url, result) in zip(files, results.withLock { $0 }) {
            switch result {
            case .success(let model)?:
                models.append(model)
                filesByVersion[ModelVersionKey(model.descriptor), default: []].append(url.lastPathComponent)
            case .failure(let error)?: errors.append(error)
            case nil: preconditionFailure("concurrentPerform skipped \(url.lastPathComponent)")
            }
        }
        guard errors.isEmpty else { throw .rejected(errors) }
        if let (key, files) = filesByVersion.filter({ $0.value.count > 1 }).min(by: { $0.value[0] < $1.value[0] }) {
            throw .duplicateVersion(key.name, version: key.version, files: files)
        }
        return models
    }
}

/// A model's name and version: what no two artifacts of a folder may share.
private struct ModelVersionKey: Hashable {
    let name: String
    let version: String

    init(_ descriptor: ModelDescriptor) {
        name = descriptor.name
        version = descriptor.version
    }
}
