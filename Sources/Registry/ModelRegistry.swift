/// Every loaded model, by name, with a default: an immutable snapshot, safe to share across threads.
///
/// A reload builds a new registry and swaps it in whole, so a request sees one snapshot or the other.
public struct ModelRegistry: Sendable {
    /// The name of the model a request gets when it names none.
    public let defaultModelName: String
    /// Every model's name, sorted.
    public let names: [String]
    private let models: [String: any TextModel]

    /// Builds a registry of `models`; names must be unique and `defaultModel` among them.
    public init(models: [any TextModel], defaultModel: String) throws(ModelRegistryError) {
        var table: [String: any TextModel] = [:]
        for model in models {
            let name = model.descriptor.name
            guard table[name] == nil else { throw .duplicateName(name, files: []) }
            table[name] = model
        }
        guard table[defaultModel] != nil else {
            throw .missingDefault(defaultModel, available: table.keys.sorted())
        }
        self.models = table
        self.names = table.keys.sorted()
        self.defaultModelName = defaultModel
    }

    /// The model called `name`, or nil.
    public func model(named name: String) -> (any TextModel)? { models[name] }

    /// The model a request gets when it names none.
    public var defaultModel: any TextModel { models[defaultModelName]! }

    /// Every model's descriptor, sorted by name.
    public var descriptors: [ModelDescriptor] { names.map { models[$0]!.descriptor } }
}
