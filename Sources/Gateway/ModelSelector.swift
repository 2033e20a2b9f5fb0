import Registry

/// Resolves which model a request gets: the path's name, else the selection header, else the `model`
/// query parameter, else the default. A name that is not loaded is an error, never the default.
public struct ModelSelector<Models: ModelLookup>: Sendable {
    /// The models to choose from.
    public let models: Models

    /// Creates a selector over `models`.
    public init(models: Models) {
        self.models = models
    }

    /// The model a request asked for, by the first of `path`, `header` and `query` that is given
    /// (empty or blank counts as not given), or the default. `query` is read only when the others are not given.
    public func select(path: String? = nil, header: String? = nil, query: @autoclosure () -> String? = nil) throws(UnknownModel) -> any TextModel {
        let name =
            path?.trimmingHorizontalSpace() ?? header?.trimmingHorizontalSpace() ?? query()?.trimmingHorizontalSpace() ?? models.defaultModelName
        guard let model = models.model(named: name) else { throw UnknownModel(name: name, available: models.names) }
        return model
    }
}

/// A request named a model that is not loaded.
public struct UnknownModel: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name asked for.
    public var name: String
    /// The names that are loaded.
    public var available: [String]

    /// Creates the error for `name`.
    public init(name: String, available: [String]) {
        self.name = name
        self.available = available
    }

    public var description: String { "unknown model \"\(name)\"; available models: \(available.joined(separator: ", "))" }
}
