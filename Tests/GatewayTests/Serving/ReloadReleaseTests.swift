import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Registry
import Synchronization
import Testing

/// What a reload leaves of the models it replaced: nothing, once their requests are rated. (Each reload loads every
/// artifact again; a set kept alive is the heavy model's tens of megabytes for as long as the process runs.)
@Suite struct ReloadReleaseTests {
    /// A model that rates a text by its length and counts the texts it rated, inline or on threads of its own; a
    /// class, so that a test can hold it weakly.
    final class CountingModel: TextModel, @unchecked Sendable {
        let descriptor: ModelDescriptor
        let execution: ModelExecution
        private let rated = Atomic<Int>(0)

        init(name: String, dedicated: Bool) {
            descriptor = ModelDescriptor(name: name, kind: "counting", version: "1", digest: "sha256:\(name)")
            execution =
                dedicated
                ? .dedicated(DedicatedExecution(threads: 1, queueLimit: 8, maxBatchSize: 8, maxBatchDelay: .milliseconds(1), timeout: .seconds(30)))
                : .inline
        }

        func predict(_ text: String) -> Double {
            rated.add(1, ordering: .relaxed)
            return Double(text.count)
        }

        var ratedTexts: Int { rated.load(ordering: .relaxed) }
    }

    @Test func anExecutorKeptByAReloadRatesWithTheNewInstanceAndFreesTheOldOne() async throws {
        let executors = ModelExecutors()
        let reloaded = CountingModel(name: "heavy", dedicated: true)
        weak var replaced: CountingModel?
        let executor: ModelExecutor
        do {
            let first = CountingModel(name: "heavy", dedicated: true)
            replaced = first
            executor = try #require(executors.executor(for: first))
            #expect(try await executor.enqueue(["abc"]) == [3])
            // A reload loads the same artifact again: a new instance with the same digest, which keeps the executor.
            executors.retire(keeping: try ModelRegistry(models: [reloaded], defaultModel: "heavy"))
            #expect(executors.executor(for: reloaded) === executor)
            #expect(first.ratedTexts == 1)
        }
        defer { executor.shutdown() }
        #expect(try await executor.enqueue(["abcd"]) == [4])
        #expect(reloaded.ratedTexts == 1)
        #expect(replaced == nil, "the executor still holds the instance the reload replaced")
    }

    /// Weak references to the models an application started with.
    final class StartModels: @unchecked Sendable {
        weak var linear: CountingModel?
        weak var heavy: CountingModel?
    }

    /// An application over an inline `lr` and a heavy model, each reload loading both anew; `start` gets the first ones.
    private func app(recording start: StartModels) throws -> some ApplicationProtocol {
        let linear = CountingModel(name: "lr", dedicated: false)
        let heavy = CountingModel(name: "heavy", dedicated: true)
        (start.linear, start.heavy) = (linear, heavy)
        var configuration = testConfiguration()
        configuration.adminToken = AdminReloadTests.token
        return buildApplication(
            configuration: configuration,
            models: try ModelRegistry(models: [linear, heavy], defaultModel: "lr"),
            reloadModels: {
                try ModelRegistry(
                    models: [CountingModel(name: "lr", dedicated: false), CountingModel(name: "heavy", dedicated: true)],
                    defaultModel: "lr"
                )
            }
        )
    }

    /// The models the application was built with are freed once a reload replaces them.
    @Test func aReloadThroughTheApplicationFreesTheSetItReplaced() async throws {
        let start = StartModels()
        let app = try app(recording: start)
        try await app.test(.router) { client in
            for model in ["lr", "heavy"] {
                try await client.execute(uri: "/api/v1/models/\(model)/predict", method: .post, body: ByteBuffer(string: #"{"text": "abc"}"#)) {
                    #expect($0.status == .ok)
                }
            }
            #expect(start.linear != nil && start.heavy != nil)
            var headers: HTTPFields = [:]
            headers[.authorization] = "Bearer \(AdminReloadTests.token)"
            try await client.execute(uri: "/admin/reload", method: .post, headers: headers) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/models/heavy/predict", method: .post, body: ByteBuffer(string: #"{"text": "abcd"}"#)) {
                #expect($0.status == .ok)
            }
            #expect(start.linear == nil, "the inline model the reload replaced is still alive")
            #expect(start.heavy == nil, "the heavy model the reload replaced is still alive")
        }
    }
}
