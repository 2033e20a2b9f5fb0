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

    /// Loads every `*.json` artifact of `directory` (sorted by file name) into a registry. Any rejected file
    /// fails the whole load, and the error lists every rejected file. The folder may be a link (as a
    /// Kubernetes volume's is), and so may its files.
    public func loadRegistry(directory: URL, defaultModel: String) throws(ModelRegistryError) -> ModelRegistry {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory.resolvingSymlinksInPath(), includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw .unreadableDirectory(path: directory.path, reason: error.localizedDescription)
        }
        guard !files.isEmpty else { throw .noArtifacts(path: directory.path) }
        return try loadRegistry(files: files, defaultModel: defaultModel)
    }

    /// Loads the given artifact files into a registry, all at once on the machine's cores; any rejected
    /// file fails the whole load.
    public func loadRegistry(files: [URL], defaultModel: String) throws(ModelRegistryError) -> ModelRegistry {
        let results = Mutex([Result<any TextModel, ModelLoadError>?](repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let result = Result { () throws(ModelLoadError) in try loadArtifact(at: files[index]) }
            results.withLock { $0[index] = result }
        }
        var models: [any TextModel] = []
        var filesByName: [String: [String]] = [:]
        var errors: [ModelLoadError] = []
        for (url, result) in zip(files, results.withLock { $0 }) {
            switch result {
            case .success(let model)?:
                models.append(model)
                filesByName[model.descriptor.name, default: []].append(url.lastPathComponent)
            case .failure(let error)?: errors.append(error)
            case nil: preconditionFailure("concurrentPerform skipped \(url.lastPathComponent)")
            }
        }
        guard errors.isEmpty else { throw .rejected(errors) }
        if let (name, files) = filesByName.filter({ $0.value.count > 1 }).min(by: { $0.key < $1.key }) {
            throw .duplicateName(name, files: files)
        }
        return try ModelRegistry(models: models, defaultModel: defaultModel)
    }
}
