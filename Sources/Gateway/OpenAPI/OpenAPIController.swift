import Hummingbird

/// `GET /openapi.json`: the OpenAPI 3.1 document of every route, with the server's limits written in
/// (made once, when the routes are built).
struct OpenAPIController: Sendable {
    let limits: InputLimits

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        let document = ByteBuffer(string: OpenAPIDocument.json(limits: limits))
        routes.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: .jsonContentType], body: ResponseBody(byteBuffer: document))
        }
        routes.allow(only: [.get], on: "openapi.json")
        return routes
    }
}
