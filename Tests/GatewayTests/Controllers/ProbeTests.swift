import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ProbeTests {
    private func statuses(_ readiness: Readiness, warmUp: Bool) async throws -> [String: HTTPResponse.Status] {
        let app: any ApplicationProtocol =
            warmUp
            ? buildApplication(configuration: testConfiguration(), models: testRegistry(), readiness: readiness)
            // The router alone: nothing runs before the server starts, so the state stays as given.
            : Application(
                router: buildRouter(
                    configuration: testConfiguration(),
                    store: ModelStore(testRegistry()),
                    readiness: readiness,
                    metrics: GatewayMetrics(configuration: testConfiguration())
                ),
                logger: testConfiguration().makeLogger()
            )
        return try await app.test(.router) { client in
            var result: [String: HTTPResponse.Status] = [:]
            for probe in ["startup", "ready", "health"] {
                result[probe] = try await client.execute(uri: "/api/v1/\(probe)", method: .get).status
            }
            return result
        }
    }

    @Test func startingAnswers503ButHealth() async throws {
        #expect(
            try await statuses(Readiness(.starting), warmUp: false) == ["startup": .serviceUnavailable, "ready": .serviceUnavailable, "health": .ok]
        )
    }

    @Test func warmUpMakesTheServiceReady() async throws {
        let readiness = Readiness()
        #expect(try await statuses(readiness, warmUp: true) == ["startup": .ok, "ready": .ok, "health": .ok])
        #expect(readiness.current == .ready)
    }

    @Test func drainingIsStartedButNotReady() async throws {
        #expect(try await statuses(Readiness(.draining), warmUp: true) == ["startup": .ok, "ready": .serviceUnavailable, "health": .ok])
    }

    @Test func readinessOnlyMovesForward() {
        let readiness = Readiness()
        readiness.advance(to: .draining)
        readiness.advance(to: .ready)
        #expect(readiness.current == .draining)
    }

    @Test func watchersHearTheStateNowThenEachMoveAndTheEndAtDraining() async {
        let readiness = Readiness()
        let changes = readiness.changes()
        readiness.advance(to: .ready)
        readiness.advance(to: .ready)
        readiness.advance(to: .draining)
        var heard: [Readiness.State] = []
        for await state in changes { heard.append(state) }
        #expect(heard == [.starting, .ready, .draining])
        var late: [Readiness.State] = []
        for await state in readiness.changes() { late.append(state) }
        #expect(late == [.draining], "a watch that starts while draining hears that, and ends")
    }

    @Test func configurationValidationNamesTheFlag() {
        var configuration = GatewayConfiguration()
        configuration.modelHeader = "X Model"
        #expect(throws: GatewayConfiguration.InvalidSetting(setting: "model-header", reason: "\"X Model\" is not a valid HTTP header name")) {
            try configuration.validate()
        }
        configuration = GatewayConfiguration()
        configuration.port = 70_000
        #expect(throws: GatewayConfiguration.InvalidSetting.self) { try configuration.validate() }
        #expect(throws: Never.self) { try GatewayConfiguration().validate() }
        configuration = GatewayConfiguration()
        configuration.adminToken = "short"
        #expect(throws: GatewayConfiguration.InvalidSetting(setting: "ADMIN_TOKEN", reason: "must be at least 16 characters")) {
            try configuration.validate()
        }
        #expect(GatewayConfiguration.InvalidSetting(setting: "ADMIN_TOKEN", reason: "is short").description == "ADMIN_TOKEN: is short")
        #expect(
            GatewayConfiguration.InvalidSetting(setting: "max-batch-size", reason: "must be positive").description
                == "--max-batch-size: must be positive"
        )
    }
}
