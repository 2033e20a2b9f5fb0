import Hummingbird

/// `GET /openapi.json`: the OpenAPI 3.1 document of every route.
struct OpenAPIController: Sendable {
    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        routes.allow(only: [.get], on: "openapi.json")
        return routes
    }
}
