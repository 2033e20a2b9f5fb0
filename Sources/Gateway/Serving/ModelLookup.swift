import Registry

/// What the gateway needs of a set of models: find one by name (its served version) or by name and version,
/// know the default, the names and every version.
public protocol ModelLookup: Sendable {
    /// The served version of the model called `name`, or nil.
    func model(named name: String) -> (any TextModel)?
    /// Version `version` of the model called `name`, or nil.
    func model(named name: String, version: String) -> (any TextModel)?
    /// The versions of the model called `name`, oldest first.
    func versions(of name: String) -> [String]
    /// The name of the model a request gets when it names none.
    var defaultModelName: String { get }
    /// Every model's name, sorted.
    var names: [String] { get }
    /// Every version of every model: by name, then oldest first.
    var allModels: [any TextModel] { get }
}

extension ModelRegistry: ModelLookup {}
