import HTTPTypes
import Hummingbird
import Registry

/// `GET /version`: the application's version and the model this request would get (with a routing policy,
/// one draw of it, as a request without a joker would get).
struct VersionController: Sendable {
    let store: ModelStore
    let selector: ModelSelector
    let modelHeader: HTTPField.Name
    let version: String

    /// The answer, a superset of the original service's `{"version", "model"}`.
    struct Version: ResponseEncodable {
        var version: String
        var model: String
        var modelVersion: String
        var models: [String]
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("version") { request, _ throws(GatewayError) in
            let models = store.current
            let model = try selector.model(
                in: models,
                explicit: selector.explicitName(request, header: modelHeader),
                version: selector.explicitVersion(request)
            )
            return Version(version: version, model: model.descriptor.name, modelVersion: model.descriptor.version, models: models.names)
        }
        routes.allow(only: [.get], on: "version")
        return routes
    }
}
