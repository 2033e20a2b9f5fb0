import Histogram
import Synchronization

/// What a load run saw: latency of every answered request, counts by model and status, and failures.
/// Shared by the workers; each records one request at a time under a lock held for microseconds.
final class LoadRecorder: Sendable {
    struct Totals: Sendable {
        /// Latencies in microseconds, for the answered requests.
        var latencies = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        /// Answers by the model that served them (the `X-Model` answer header, `-` without one) and status.
        var answers: [Key: Int] = [:]
        /// Requests that got no answer, by reason.
        var failures: [String: Int] = [:]
        var done = 0

        struct Key: Hashable, Sendable, Comparable {
            var model: String
            var status: UInt
            static func < (left: Key, right: Key) -> Bool { (left.model, left.status) < (right.model, right.status) }
        }
    }

    private let totals = Mutex(Totals())

    func recordAnswer(model: String, status: UInt, microseconds: UInt64) {
        totals.withLock {
            _ = $0.latencies.record(max(microseconds, 1))
            $0.answers[Totals.Key(model: model, status: status), default: 0] += 1
            $0.done += 1
        }
    }

    func recordFailure(_ reason: String) {
        totals.withLock {
            $0.failures[reason, default: 0] += 1
            $0.done += 1
        }
    }

    var done: Int { totals.withLock { $0.done } }
    var snapshot: Totals { totals.withLock { $0 } }
}
