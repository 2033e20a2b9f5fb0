/// Every loaded model, by name and version, with a default: an immutable snapshot, safe to share across threads.
///
/// A name may have several versions side by side. Each name serves one of them, by the version policy: the
/// version pinned for it, else the newest by semantic version (``SemanticVersion``). A reload builds a new
/// registry and swaps it in whole, so a request sees one snapshot or the other.
public struct ModelRegistry: Sendable {
    /// The name of the model a request gets when it names none.
    public let defaultModelName: String
    /// Every model's name, sorted.
    public let names: [String]
    /// The version pins the registry was built with (name to version).
    public let pins: [String: String]
    /// By name: every version, oldest first; the served one is `served[name]`.
    private let versions: [String: [any TextModel]]
    private let served: [String: any TextModel]

    /// Builds a registry of `models`: each name and version once, `defaultModel` among the names, and each of
    /// `pins` (name to version) naming a version that is there.
    public init(models: [any TextModel], defaultModel: String, pins: [String: String] = [:]) throws(ModelRegistryError) {
        var versions: [String: [any TextModel]] = [:]
        for model in models {
            let descriptor = model.descriptor
            guard !(versions[descriptor.name] ?? []).contains(where: { $0.descriptor.version == descriptor.version }) else {
                throw .duplicateVersion(descriptor.name, version: descriptor.version, files: [])
            }
            versions[descriptor.name, default: []].append(model)
        }
        guard versions[defaultModel] != nil else {
            throw .missingDefault(defaultModel, available: versions.keys.sorted())
        }
        var served: [String: any TextModel] = [:]
        for (name, list) in versions {
            let sorted = list.sorted { SemanticVersion($0.descriptor.version) < SemanticVersion($1.descriptor.version) }
            versions[name] = sorted
            served[name] = sorted[sorted.count - 1]
        }
        for (name, version) in pins.sorted(by: { $0.key < $1.key }) {
            guard let list = versions[name] else { throw .unknownPin(name, version: version, available: []) }
            guard let pinned = list.first(where: { $0.descriptor.version == version }) else {
                throw .unknownPin(name, version: version, available: list.map(\.descriptor.version))
            }
            served[name] = pinned
        }
        self.versions = versions
        self.served = served
        self.names = versions.keys.sorted()
        self.defaultModelName = defaultModel
        self.pins = pins
    }

    /// This registry without any version of `name` (and without its pin).
    public func removing(_ name: String) throws(ModelRegistryError) -> ModelRegistry {
        try ModelRegistry(
            models: allModels.filter { $0.descriptor.name != name },
            defaultModel: defaultModelName,
            pins: pins.filter { $0.key != name }
        )
    }

    /// This registry with `models` (all of one name) in place of every version of their name, its pin kept.
    public func replacing(_ name: String, with models: [any TextModel]) throws(ModelRegistryError) -> ModelRegistry {
        try ModelRegistry(models: allModels.filter { $0.descriptor.name != name } + models, defaultModel: defaultModelName, pins: pins)
    }

    /// The served version of the model called `name`, or nil.
    public func model(named name: String) -> (any TextModel)? { served[name] }

    /// Version `version` of the model called `name`, or nil.
    public func model(named name: String, version: String) -> (any TextModel)? {
        versions[name]?.first { $0.descriptor.version == version }
    }

    /// The versions of the model called `name`, oldest first; empty when none is loaded.
    public func versions(of name: String) -> [String] { versions[name]?.map(\.descriptor.version) ?? [] }

    /// The model a request gets when it names none.
    public var defaultModel: any TextModel { served[defaultModelName]! }

    /// Every version of every model: by name, then oldest version first.
    public var allModels: [any TextModel] { names.flatMap { versions[$0]! } }
}
