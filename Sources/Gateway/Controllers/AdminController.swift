import HTTPTypes
import Hummingbird
import Registry

/// `POST /admin/reload`: reloads the models. Disabled (403) unless `ADMIN_TOKEN` is set; then it needs
/// `Authorization: Bearer <token>` (401 without it, 403 with another).
struct AdminController: Sendable {
    let authorization: AdminAuthorization
    let reloader: ModelReloader?

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("reload") { request, _ in
            try authorization.check(request)
            guard let reloader else { throw GatewayError.forbidden("this server cannot reload: it was built without a models folder") }
            switch await reloader.reload(trigger: "POST /admin/reload") {
            case .success(let models): return Reloaded(models)
            case .failure(let failure): throw GatewayError.reloadFailed(failure.reason, serving: reloader.store.current.names)
            }
        }
        routes.allow(only: [.post], on: "reload")
        return routes
    }

    /// The answer of a reload that took: the new set.
    struct Reloaded: ResponseEncodable {
        struct Model: Encodable {
            var name: String
            var kind: String
            var version: String
            var digest: String
        }

        var status = "reloaded"
        var defaultModel: String
        var models: [Model]

        init(_ models: ModelRegistry) {
            defaultModel = models.defaultModelName
            self.models = models.descriptors.map { Model(name: $0.name, kind: $0.kind, version: $0.version, digest: $0.digest) }
        }

        enum CodingKeys: String, CodingKey {
            case status, models
            case defaultModel = "default"
        }
    }
}
