import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /`: the playground, a page of our own HTML, CSS and JavaScript compiled into the binary, which rates and
/// explains texts through the public `/api/v1` routes alone; its script and style at `/playground/…`. Served with a
/// strict `Content-Security-Policy`: nothing from another origin, no inline script or style. `/favicon.svg` is the
/// icon both this page and `/docs` name.
struct PlaygroundController: Sendable {
    /// The policy of every playground file.
    static let contentSecurityPolicy = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// The methods other routes serve at `/` (text-embeddings-inference's `POST /`), which the page's 405 leaves to them.
    var otherMethodsAtRoot: [HTTPRequest.Method] = []

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        for (path, bytes, type) in [
            ("", PackageResources.index_html, "text/html; charset=utf-8"),
            ("playground/app.js", PackageResources.app_js, "text/javascript; charset=utf-8"),
            ("playground/style.css", PackageResources.style_css, "text/css; charset=utf-8"),
            ("favicon.svg", PackageResources.favicon_svg, "image/svg+xml"),
        ] {
            let body = ByteBuffer(bytes: bytes)
            routes.get(RouterPath(path)) { _, _ in
                Response(status: .ok, headers: Self.headers(contentType: type), body: ResponseBody(byteBuffer: body))
            }
            routes.allow(only: [.get] + (path.isEmpty ? otherMethodsAtRoot : []), on: RouterPath(path))
        }
        return routes
    }

    private static func headers(contentType: String) -> HTTPFields {
        [
            .contentType: contentType,
            .contentSecurityPolicy: contentSecurityPolicy,
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
            .cacheControl: "no-cache",
        ]
    }
}
