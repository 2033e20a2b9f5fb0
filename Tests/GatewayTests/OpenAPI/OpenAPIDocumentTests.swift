import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Keeps `GET /openapi.json` true to the router: every route is documented with the methods it serves, and
/// every other method of a route answers 405.
@Suite struct OpenAPIDocumentTests {
    let configuration = testConfiguration()
    var router: Router<AppRequestContext> {
        buildRouter(
            configuration: configuration,
            store: ModelStore(testRegistry()),
            readiness: Readiness(.ready),
            metrics: GatewayMetrics(configuration: configuration)
        )
    }

    // The document is read raw: JSON Schema's values are of many types (a `const` of any type, a schema that is
    // `true`), and the tests read a few of them.

    /// The document's operations: path → methods.
    func documentedOperations() throws -> [String: Set<String>] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.template)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        return paths.mapValues { Set($0.keys.filter(methods.contains).map { $0.uppercased() }) }
    }

    @Test func everyRouteIsDocumentedAndEveryOperationIsARoute() throws {
        let documented = try documentedOperations()
        let routed = Set(router.routes.map { $0.path.description })
        #expect(
            routed == Set(documented.keys),
            "routes without a document entry: \(routed.subtracting(documented.keys)); entries without a route: \(Set(documented.keys).subtracting(routed))"
        )
        let routes = Set(router.routes.map { "\($0.method.rawValue) \($0.path)" })
        for (path, methods) in documented {
            for method in methods { #expect(routes.contains("\(method) \(path)"), "\(method) \(path) is documented but not routed") }
        }
    }

    @Test func everyUndocumentedMethodOfARouteAnswers405() async throws {
        let documented = try documentedOperations()
        let undocumented = router.routes.filter { documented[$0.path.description]?.contains($0.method.rawValue) != true }
            .map { (method: $0.method, path: $0.path.description) }
        #expect(!undocumented.isEmpty)
        try await Application(router: router, logger: configuration.makeLogger()).test(.router) { client in
            for route in undocumented {
                let uri = route.path.replacingOccurrences(of: "{version}", with: "1.0.0")
                    .replacingOccurrences(of: "{name}", with: "lr").replacingOccurrences(of: "{model}", with: "lr")
                let status = try await client.execute(uri: uri, method: route.method).status
                #expect(status == .methodNotAllowed, "\(route.method) \(uri)")
            }
        }
    }

    @Test func theRouteServesTheDocumentWithTheConfiguredLimits() async throws {
        let configuration = {
            var configuration = self.configuration
            configuration.maxBatchSize = 3
            return configuration
        }()
        let router = buildRouter(
            configuration: configuration,
            store: ModelStore(testRegistry()),
            readiness: Readiness(.ready),
            metrics: GatewayMetrics(configuration: configuration)
        )
        try await Application(router: router, logger: configuration.makeLogger()).test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
                #expect(schemas["Text"]?["maxLength"] as? Int == configuration.maxTextCharacters)
                let texts = ((schemas["BatchRequest"]?["properties"] as? [String: Any])?["texts"] as? [String: Any])
                #expect(texts?["maxItems"] as? Int == 3)
                let counts = try #require(schemas["TextTensorCount"]?["anyOf"] as? [[String: [String: [String: Any]]]])
                #expect(counts.map { $0["properties"]?["data"]?["maxItems"] as? Int } == [1, 2, 3], "texts or rows of one, counted alike")
                #expect(counts.map { ($0["properties"]?["shape"]?["prefixItems"] as? [[String: Int]])?.first?["const"] } == [1, 2, 3])
                #expect(document["paths"] as? [String: Any] != nil)
            }
        }
    }

    @Test func aBatchLimitTooLargeToSpellOutLeavesTheCountToTheServer() throws {
        let document = OpenAPIDocument.json(limits: InputLimits(maxTextCharacters: 10, maxBatchSize: OpenAPIDocument.largestEnumeratedBatch + 1))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        let schemas = (object["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]]
        #expect((schemas?["TextTensorCount"]?["anyOf"] as? [Any])?.count == 1)
    }
}
