import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /docs`: Swagger UI from the CDN by default or from a local copy under `/docs/assets`, started by our own
/// script, under a policy that allows that origin alone.
@Suite struct DocsRouteTests {
    private func get(_ app: some ApplicationProtocol, _ uri: String) async throws -> (HTTPResponse.Status, HTTPFields, String) {
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { ($0.status, $0.headers, String(buffer: $0.body)) }
        }
    }

    private func app(_ configure: (inout GatewayConfiguration) -> Void = { _ in }) -> some ApplicationProtocol {
        var configuration = testConfiguration()
        configure(&configuration)
        return buildApplication(configuration: configuration, models: testRegistry())
    }

    @Test func byDefaultThePageLoadsSwaggerUIFromTheCDNThatFastAPIUses() async throws {
        let (status, headers, page) = try await get(app(), "/docs")
        #expect(status == .ok && headers[.contentType] == "text/html; charset=utf-8")
        #expect(page.contains(#"<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>"#))
        #expect(page.contains(#"<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css">"#))
        #expect(page.contains(#"<script src="/docs/init.js"></script>"#))
        #expect(!page.contains("<script>"))
        let policy = try #require(headers[.contentSecurityPolicy])
        #expect(policy.contains("script-src 'self' https://cdn.jsdelivr.net;") && policy.contains("style-src 'self' https://cdn.jsdelivr.net;"))
        #expect(policy.contains("img-src 'self' data:;") && !policy.contains("unsafe"))
        let (_, scriptHeaders, script) = try await get(app(), "/docs/init.js")
        #expect(scriptHeaders[.contentType] == "text/javascript; charset=utf-8")
        #expect(script.contains(#"url: "/openapi.json""#) && script.contains("validatorUrl: null"))
        let (missing, _, error) = try await get(app(), "/docs/assets/swagger-ui.css")
        #expect(missing == .notFound && error.contains("no local copy of Swagger UI is served"))
    }

    @Test func anotherOriginIsTheOnlyOneThePolicyAllows() async throws {
        let (_, headers, page) = try await get(app { $0.docsAssetsURL = "https://assets.example.com:8443/swagger/" }, "/docs")
        #expect(page.contains(#"href="https://assets.example.com:8443/swagger/swagger-ui.css""#))
        #expect(headers[.contentSecurityPolicy]?.contains("script-src 'self' https://assets.example.com:8443;") == true)
    }

    @Test func aLocalCopyIsServedUnderDocsAssetsAndThePageLoadsIt() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docs-assets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("window.SwaggerUIBundle = 1;".utf8).write(to: folder.appendingPathComponent("swagger-ui-bundle.js"))
        try Data(".swagger-ui {}".utf8).write(to: folder.appendingPathComponent("swagger-ui.css"))
        let local = app { $0.docsAssetsDirectory = folder.path }
        let (_, headers, page) = try await get(local, "/docs")
        #expect(page.contains(#"<script src="/docs/assets/swagger-ui-bundle.js"></script>"#))
        #expect(headers[.contentSecurityPolicy]?.contains("script-src 'self';") == true)
        let (status, cssHeaders, css) = try await get(local, "/docs/assets/swagger-ui.css")
        #expect(status == .ok && cssHeaders[.contentType] == "text/css; charset=utf-8" && css == ".swagger-ui {}")
        #expect(try await get(local, "/docs/assets/nothing.js").0 == .notFound)
    }

    @Test func unusableLocationsAreRefusedBeforeStarting() throws {
        for (url, reason) in [
            ("ftp://host/x", "must be an http:// or https:// URL with a host, or a path on this server"),
            ("https://cdn.example/x\"><script>", "holds \"\"\", which a URL written into HTML and a Content-Security-Policy may not hold"),
            ("//cdn.example/x", "must name its scheme (https://…), not start with //"),
        ] {
            var configuration = GatewayConfiguration()
            configuration.docsAssetsURL = url
            #expect(throws: GatewayConfiguration.InvalidSetting(setting: "docs-assets-url", reason: reason)) { try configuration.validate() }
        }
        var configuration = GatewayConfiguration()
        configuration.docsAssetsDirectory = "/nonexistent"
        #expect(throws: GatewayConfiguration.InvalidSetting.self) { try configuration.validate() }
    }
}
