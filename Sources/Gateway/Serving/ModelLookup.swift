import Registry

/// What the gateway needs of a set of models: find one by name, know the default and the names.
public protocol ModelLookup: Sendable {
    /// The model called `name`, or nil.
    func model(named name: String) -> (any TextModel)?
    /// The name of the model a request gets when it names none.
    var defaultModelName: String { get }
    /// Every model's name, sorted.
    var names: [String] { get }
}

extension ModelRegistry: ModelLookup {}
