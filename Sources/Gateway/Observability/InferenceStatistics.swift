import Foundation
import Synchronization

/// Each model version's inference statistics as Triton keeps them (`ModelStatistics`, the gRPC RPC and
/// `GET /v2/models/{m}/stats`'s shape): requests that succeeded and failed with their time, the time texts waited in
/// a queue and were computed, texts rated and executions run, and when the last inference succeeded. Recorded where
/// the metrics are, by the same calls.
package final class InferenceStatistics: Sendable {
    /// A count and the nanoseconds they took together.
    package struct Duration: Sendable, Equatable {
        package var count: UInt64 = 0
        package var nanoseconds: UInt64 = 0

        mutating func add(_ duration: Swift.Duration, count: UInt64 = 1) {
            self.count += count
            nanoseconds +=
                UInt64(clamping: duration.components.seconds) * 1_000_000_000
                + UInt64(clamping: duration.components.attoseconds / 1_000_000_000)
        }
    }

    /// One model version's figures.
    package struct Counts: Sendable, Equatable {
        /// Requests that got their ratings, and the time from their submission to the answer.
        package var success = Duration()
        /// Requests the model's execution refused or failed (a full queue, a timeout, a fault).
        package var failure = Duration()
        /// Requests that waited for a model's thread, and their time in the queue.
        package var queue = Duration()
        /// Executions (a batch, or an inline prediction) and the time the model computed.
        package var compute = Duration()
        /// Texts rated.
        package var inferences: UInt64 = 0
        /// Executions: batches on a model's threads, texts rated inline.
        package var executions: UInt64 = 0
        /// Milliseconds since 1970 of the last successful request; 0 before one.
        package var lastInference: UInt64 = 0
    }

    private let counts = Mutex<[ModelLabels: Counts]>([:])

    /// Records a request to `model` that got its ratings (`succeeded`) or not, after `duration`. A request to a model
    /// rated `inline` passed no queue: it counts as one that waited none, as every request to Triton passes its
    /// scheduler's queue (perf_analyzer finds the model's statistics by that count).
    func requested(_ model: ModelLabels, succeeded: Bool, duration: Swift.Duration, inline: Bool) {
        let now = succeeded ? UInt64(Date().timeIntervalSince1970 * 1000) : 0
        counts.withLock { all in
            if inline { all[model, default: Counts()].queue.count += 1 }
            if succeeded {
                all[model, default: Counts()].success.add(duration)
                all[model, default: Counts()].lastInference = now
            } else {
                all[model, default: Counts()].failure.add(duration)
            }
        }
    }

    /// Records a request's wait in `model`'s queue.
    func queued(_ model: ModelLabels, wait: Swift.Duration) {
        counts.withLock { $0[model, default: Counts()].queue.add(wait) }
    }

    /// Records one execution of `model` that rated `texts` texts in `duration`.
    func executed(_ model: ModelLabels, texts: Int, duration: Swift.Duration) {
        counts.withLock { all in
            all[model, default: Counts()].compute.add(duration)
            all[model, default: Counts()].inferences += UInt64(texts)
            all[model, default: Counts()].executions += 1
        }
    }

    /// The figures of every model version that was asked something.
    package func snapshot() -> [ModelLabels: Counts] { counts.withLock { $0 } }
}
