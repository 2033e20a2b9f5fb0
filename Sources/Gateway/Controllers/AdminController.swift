import HTTPTypes
import Hummingbird
import Registry

/// `POST /admin/reload`: reloads the models. Disabled (403) unless `ADMIN_TOKEN` is set; then it needs
/// `Authorization: Bearer <token>` (401 without it, 403 with another).
struct AdminController<Models: ModelLookup>: Sendable {
    let token: String?
    let reloader: ModelReloader<Models>?

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("reload") { request, _ in
            try authorize(request)
            guard let reloader else { throw GatewayError.forbidden("this server cannot reload: it was built without a models folder") }
            switch await reloader.reload(trigger: "POST /admin/reload") {
            case .success(let models): return Reloaded(models)
            case .failure(let failure): throw GatewayError.reloadFailed(failure.reason, serving: reloader.store.current.names)
            }
        }
        routes.allow(only: [.post], on: "reload")
        return routes
    }

    private func authorize(_ request: Request) throws(GatewayError) {
        guard let token else { throw .forbidden("admin routes are disabled; set ADMIN_TOKEN") }
        guard let credentials = request.headers.combinedValue(.authorization), credentials.count > 7,
            credentials.prefix(7).lowercased() == "bearer "
        else { throw .unauthorized("send Authorization: Bearer <ADMIN_TOKEN>") }
        guard constantTimeEqual(Array(credentials.utf8.dropFirst(7)), Array(token.utf8)) else {
            throw .forbidden("the bearer token is not the admin token")
        }
    }

    /// Compares in a time that depends only on the lengths, so that the answer's timing tells nothing of the token.
    private func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
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

        init(_ models: Models) {
            defaultModel = models.defaultModelName
            self.models = models.descriptors.map { Model(name: $0.name, kind: $0.kind, version: $0.version, digest: $0.digest) }
        }

        enum CodingKeys: String, CodingKey {
            case status, models
            case defaultModel = "default"
        }
    }
}
