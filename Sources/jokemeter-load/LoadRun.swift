import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Runs a plan: `concurrency` workers take the next request until none is left, each on its own
/// keep-alive connection of one shared client.
struct LoadRun: Sendable {
    let plan: LoadPlan
    let concurrency: Int
    let timeout: TimeAmount

    init(plan: LoadPlan, concurrency: Int, timeout: Duration) {
        self.plan = plan
        self.concurrency = concurrency
        self.timeout = .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
    }

    func run(progress: ProgressBar?) async throws -> LoadReport {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        configuration.timeout = .init(connect: timeout, read: timeout)
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let recorder = LoadRecorder()
        let queue = RequestQueue(count: plan.requestCount)
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<min(concurrency, plan.requestCount) {
                    group.addTask {
                        while let index = queue.next() {
                            await send(plan.requests[index], client: client, recorder: recorder, clock: clock)
                        }
                    }
                }
                if let progress {
                    group.addTask {
                        while recorder.done < plan.requestCount {
                            progress.draw(done: recorder.done, elapsed: clock.now - start)
                            try await Task.sleep(for: .milliseconds(200))
                        }
                    }
                }
                try await group.waitForAll()
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        let elapsed = clock.now - start
        progress?.finish(done: recorder.done, elapsed: elapsed)
        try await client.shutdown()
        return LoadReport(totals: recorder.snapshot, elapsed: elapsed, concurrency: concurrency)
    }

    private func send(_ request: LoadPlan.Request, client: HTTPClient, recorder: LoadRecorder, clock: ContinuousClock) async {
        var outgoing = HTTPClientRequest(url: plan.target.url)
        outgoing.method = .POST
        outgoing.headers.add(name: "Content-Type", value: "application/json")
        if let model = request.model { outgoing.headers.add(name: plan.modelHeader, value: model) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        let sent = clock.now
        do {
            let response = try await client.execute(outgoing, timeout: timeout)
            _ = try await response.body.collect(upTo: 1 << 20)
            let elapsed = clock.now - sent
            let microseconds = UInt64(elapsed.components.seconds) * 1_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000_000)
            recorder.recordAnswer(
                model: response.headers.first(name: plan.modelHeader) ?? "-",
                status: response.status.code,
                microseconds: microseconds
            )
        } catch {
            recorder.recordFailure(Self.reason(error))
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return error.shortDescription }
        return String(describing: type(of: error))
    }
}

/// Hands out the indices `0..<count` once each, to whichever worker asks first.
final class RequestQueue: Sendable {
    private let count: Int
    private let taken = Atomic<Int>(0)

    init(count: Int) { self.count = count }

    func next() -> Int? {
        let index = taken.add(1, ordering: .relaxed).oldValue
        return index < count ? index : nil
    }
}
