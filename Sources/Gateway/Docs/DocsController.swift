import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /docs`: Swagger UI over `/openapi.json`, as FastAPI serves it: a small page that loads Swagger UI's script
/// and style from `DOCS_ASSETS_URL` (the public CDN FastAPI uses, by default), started by a script of ours served
/// beside it (`/docs/init.js`: no inline script), under a `Content-Security-Policy` that allows that origin alone
/// beyond this server's (and `data:` images). With `DOCS_ASSETS_DIR`, Swagger UI's files are served from that
/// folder under `/docs/assets`, and the page loads them from there.
struct DocsController: Sendable {
    /// Where the page loads `swagger-ui-bundle.js` and `swagger-ui.css` from.
    let assetsBase: String
    /// The local copy's files by name, when one is served.
    let localAssets: [String: (body: ByteBuffer, type: String)]
    let policy: String

    /// The page's settings from `configuration`; a local copy is read once, here.
    init(configuration: GatewayConfiguration) {
        if let directory = configuration.docsAssetsDirectory {
            assetsBase = "/docs/assets"
            localAssets = Self.files(in: directory)
        } else {
            var base = Substring(configuration.docsAssetsURL)
            while base.hasSuffix("/") { base = base.dropLast() }
            assetsBase = String(base)
            localAssets = [:]
        }
        let origin = DocsAssetsLocation.origin(of: assetsBase).map { " " + $0 } ?? ""
        policy =
            "default-src 'self'; script-src 'self'\(origin); style-src 'self'\(origin); img-src 'self' data:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        let page = ByteBuffer(string: DocsPage.html(assetsBase: assetsBase))
        let script = ByteBuffer(string: DocsPage.initScript)
        routes.get("docs") { _, _ in response(page, type: "text/html; charset=utf-8") }
        routes.get("docs/init.js") { _, _ in response(script, type: "text/javascript; charset=utf-8") }
        routes.get("docs/assets/{file}") { _, context throws(GatewayError) in
            let name = context.parameters.get("file") ?? ""
            guard let asset = localAssets[name] else {
                throw .notFound(
                    localAssets.isEmpty
                        ? "no local copy of Swagger UI is served (--docs-assets-dir); /docs loads it from \(assetsBase)"
                        : "no file \(name) in the local copy of Swagger UI"
                )
            }
            return response(asset.body, type: asset.type)
        }
        for path in ["docs", "docs/init.js", "docs/assets/{file}"] { routes.allow(only: [.get], on: RouterPath(path)) }
        return routes
    }

    private func response(_ body: ByteBuffer, type: String) -> Response {
        let headers: HTTPFields = [
            .contentType: type,
            .contentSecurityPolicy: policy,
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            .cacheControl: "no-cache",
        ]
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// The files of Swagger UI's dist folder `directory` that a browser loads, by name.
    private static func files(in directory: String) -> [String: (body: ByteBuffer, type: String)] {
        let types = [
            "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8", "png": "image/png", "html": "text/html; charset=utf-8",
        ]
        let folder = URL(fileURLWithPath: directory)
        var files: [String: (body: ByteBuffer, type: String)] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            guard let type = types[(name as NSString).pathExtension.lowercased()],
                let data = try? Data(contentsOf: folder.appendingPathComponent(name))
            else { continue }
            files[name] = (ByteBuffer(bytes: data), type)
        }
        return files
    }
}
