import HTTPTypes
import Hummingbird
import Registry

/// `GET /version`: the application's version and the model this request would get.
struct VersionController<Models: ModelLookup>: Sendable {
    let selector: ModelSelector<Models>
    let modelHeader: HTTPField.Name
    let version: String

    /// The answer, a superset of the original service's `{"version", "model"}`.
    struct Version: ResponseEncodable {
        var version: String
        var model: String
        var models: [String]
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("version") { request, _ throws(GatewayError) in
            let model = try selector.select(request, header: modelHeader)
            return Version(version: version, model: model.descriptor.name, models: selector.models.names)
        }
        routes.allow(only: [.get], on: "version")
        return routes
    }
}
