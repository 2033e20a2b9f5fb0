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
                if let header { headers[.modelName] = header }
                let uri = "/api/v1/version" + (query.map { "?model=\($0)" } ?? "")
                let answer = try await client.get(uri, headers: headers, as: VersionInfo.self)
                #expect(answer.status == .ok)
                let info = try answer.value
                #expect(info.version == JokemeterVersion.current)
                #expect(info.model == model)
                #expect(info.models == ["lr", "tr"])
            }
            #expect(try await client.get("/api/v1/version", headers: [.modelName: "xx"], as: VersionInfo.self).status == .notFound)
        }
    }

    @Test func modelsListsEveryModelAndMarksTheDefault() async throws {
        try await app.test(.router) { client in
            let answer = try await client.get("/api/v1/models", as: ModelListing.self)
            #expect(answer.status == .ok)
            let listing = try answer.value
            #expect(listing.defaultModel == "lr")
            #expect(listing.models.map(\.name) == ["lr", "tr"])
            #expect(listing.models.map(\.isDefault) == [true, false])
            #expect(listing.models.map(\.version) == ["1.0.0", "2.0.0"])
            #expect(listing.models.map(\.kind) == ["length", "length"])
            #expect(listing.models.map(\.digest) == ["sha256:lr", "sha256:tr"])
        }
    }
}
