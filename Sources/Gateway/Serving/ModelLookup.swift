import Registry

/// What the gateway needs of a set of models: find one by name (its served version) or by name and version,
/// know the default, the names and every version, and make the set without a model or with its versions replaced
/// (the model repository API).
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
    /// This set without any version of `name`.
    func removing(_ name: String) throws -> Self
    /// This set with `models`, all named `name`, in place of that name's versions.
    func replacing(_ name: String, with models: [any TextModel]) throws -> Self
}

extension ModelRegistry: ModelLookup {}
