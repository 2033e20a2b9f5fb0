import Registry

/// Resolves which model a request gets: the path's name, else the selection header, else the `model`
/// query parameter, else the routing policy (weights, sticky per joker), else the default. A name that is
/// not loaded is an error, never the default.
public struct ModelSelector: Sendable {
    /// Where requests that name no model go; nil sends them all to the default.
    public let policy: RoutingPolicy?
    private let draws = RoutingDraws()

    /// A selector with `policy`.
    public init(policy: RoutingPolicy? = nil) {
        self.policy = policy
    }

    /// The name a request gives, by the first of `path`, `header` and `query` that is given (empty or blank
    /// counts as not given); `query` is read only when the others are not given.
    public func explicitName(path: String? = nil, header: String? = nil, query: @autoclosure () -> String? = nil) -> String? {
        path?.trimmingHorizontalSpace() ?? header?.trimmingHorizontalSpace() ?? query()?.trimmingHorizontalSpace()
    }

    /// Whether the choice for a request that names `explicit` depends on its joker (read from the body).
    public func dependsOnJoker(explicit: String?) -> Bool { explicit == nil && policy != nil }

    /// The model of `models` named `explicit`, else the policy's choice for `joker`, else the default.
    public func select(in models: some ModelLookup, explicit: String?, joker: String? = nil) throws(UnknownModel) -> any TextModel {
        let name = explicit ?? policy?.model(joker: joker, draw: draws.next()) ?? models.defaultModelName
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
