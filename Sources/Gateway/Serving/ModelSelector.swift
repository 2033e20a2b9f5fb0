import Registry

/// Resolves which model a request gets: the path's name, else the selection header, else the `model`
/// query parameter, else the routing policy (weights, sticky per joker), else the default; each name may carry
/// a version (`lr@1.0.0`), and without one the name's served version answers. A name or version that is not
/// loaded is an error, never the default.
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

    /// The model of `models` that `explicit` names (`lr` or `lr@1.0.0`), else the policy's choice for `joker`, else
    /// the default; at `version` when given and the name carries none (the path's or `X-Model-Version`).
    public func select(
        in models: ModelRegistry,
        explicit: String?,
        version: String? = nil,
        joker: String? = nil
    ) throws(UnknownModel) -> any TextModel {
        let name = explicit ?? policy?.model(joker: joker, draw: draws.next()) ?? models.defaultModelName
        // A plain name and no version, as most requests give: one lookup, nothing parsed.
        if version == nil, !name.utf8.contains(UInt8(ascii: "@")), let model = models.model(named: name) { return model }
        var reference = ModelReference(parsing: name)
        if reference.version == nil { reference.version = version }
        return try models.model(reference)
    }
}

extension ModelRegistry {
    /// The model `reference` names: its version, or the served one.
    public func model(_ reference: ModelReference) throws(UnknownModel) -> any TextModel {
        guard let version = reference.version else {
            guard let model = model(named: reference.name) else { throw UnknownModel(name: reference.name, available: names) }
            return model
        }
        guard let model = model(named: reference.name, version: version) else {
            let versions = versions(of: reference.name)
            throw versions.isEmpty
                ? UnknownModel(name: reference.name, available: names) : UnknownModel(name: reference.name, version: version, versions: versions)
        }
        return model
    }

    /// Whether `reference` names a loaded model (and version).
    public func holds(_ reference: ModelReference) -> Bool { (try? model(reference)) != nil }
}

/// A request named a model, or a version of one, that is not loaded.
public struct UnknownModel: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name asked for.
    public var name: String
    /// The version asked for, when the model is loaded but not at that version.
    public var version: String?
    /// The names that are loaded.
    public var available: [String]
    /// The model's versions, when it is the version that is unknown.
    public var versions: [String]

    /// The error for a model `name` that is not loaded; `available` are those that are.
    public init(name: String, available: [String]) {
        self.name = name
        self.version = nil
        self.available = available
        self.versions = []
    }

    /// The error for a `version` that model `name` does not have; `versions` are those it has.
    public init(name: String, version: String, versions: [String]) {
        self.name = name
        self.version = version
        self.available = []
        self.versions = versions
    }

    public var description: String {
        guard let version else { return "unknown model \"\(name)\"; available models: \(available.joined(separator: ", "))" }
        return "model \"\(name)\" has no version \"\(version)\"; its versions: \(versions.joined(separator: ", "))"
    }
}
