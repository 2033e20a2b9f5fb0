import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /` and its files: our own page, compiled in, served with a strict Content-Security-Policy.
@Suite struct PlaygroundRouteTests {
    @Test func thePageAndItsFilesAreServedWithAStrictPolicy() async throws {
        let app = buildApplication(configuration: testConfiguration(), models: testRegistry())
        try await app.test(.router) { client in
            for (uri, type, marker) in [
                ("/", "text/html; charset=utf-8", "<script src=\"/playground/app.js\""),
                ("/playground/app.js", "text/javascript; charset=utf-8", "/api/v1/"),
                ("/playground/style.css", "text/css; charset=utf-8", "{"),
                ("/favicon.svg", "image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\""),
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.headers[.contentType] == type)
                    let policy = try #require(response.headers[.contentSecurityPolicy])
                    #expect(policy.hasPrefix("default-src 'self';") && !policy.contains("unsafe"))
                    #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                    #expect(String(buffer: response.body).contains(marker), "\(uri)")
                }
            }
            // POST / is text-embeddings-inference's embed, where its clients pointed at a bare URL post; the page is GET's.
            #expect(try await client.execute(uri: "/", method: .put) { $0.status } == .methodNotAllowed)
            #expect(try await client.execute(uri: "/playground/app.js", method: .post) { $0.status } == .methodNotAllowed)
        }
    }
}
