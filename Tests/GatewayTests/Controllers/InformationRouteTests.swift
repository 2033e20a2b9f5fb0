import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct InformationRouteTests {
    var app: some ApplicationProtocol { buildApplication(configuration: testConfiguration(), models: testRegistry()) }

    @Test func versionNamesTheModelTheRequestWouldGet() async throws {
        try await app.test(.router) { client in
            for (header, query, model) in [(nil, nil, "lr"), ("tr", nil, "tr"), (nil, "tr", "tr"), ("lr", "tr", "lr")] as [(String?, String?, String)]
            {
                var headers: HTTPFields = [:]
                if let header { headers[HTTPField.Name("X-Model")!] = header }
                let uri = "/api/v1/version" + (query.map { "?model=\($0)" } ?? "")
                try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    #expect(response.status == .ok)
                    let body = try json(response.body)
                    #expect(body["version"] as? String == JokemeterVersion.current)
                    #expect(body["model"] as? String == model)
                    #expect(body["models"] as? [String] == ["lr", "tr"])
                }
            }
            try await client.execute(uri: "/api/v1/version", method: .get, headers: [HTTPField.Name("X-Model")!: "xx"]) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test func modelsListsEveryModelAndMarksTheDefault() async throws {
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/models", method: .get) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                #expect(body["default"] as? String == "lr")
                let models = try #require(body["models"] as? [[String: Any]])
                #expect(models.map { $0["name"] as? String } == ["lr", "tr"])
                #expect(models.map { $0["default"] as? Bool } == [true, false])
                #expect(models.map { $0["version"] as? String } == ["1.0.0", "2.0.0"])
                #expect(models.map { $0["kind"] as? String } == ["length", "length"])
                #expect(models.map { $0["digest"] as? String } == ["sha256:lr", "sha256:tr"])
            }
        }
    }
}
