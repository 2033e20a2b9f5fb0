import Prometheus
import Synchronization

/// A counter family whose one label takes values from request input, kept bounded: the first `limit`
/// distinct values (cut to `maxLength` characters) get a series each, every later one counts under
/// `other`. Prometheus keeps a series per label value, so such a label must never grow without bound.
/// Each value's counter is made once and then found under one lock.
package final class BoundedLabelValues: Sendable {
    /// The value that stands for everything past the limit.
    package static let overflow = "other"
    /// Longest value kept, in characters.
    package static let maxLength = 64

    private let limit: Int
    private let makeCounter: @Sendable (String) -> Counter
    private let counters: Mutex<[String: Counter]>

    /// Admits at most `limit` distinct values; `makeCounter` makes the series of a label value.
    package init(limit: Int, makeCounter: @escaping @Sendable (String) -> Counter) {
        self.limit = limit
        self.makeCounter = makeCounter
        self.counters = Mutex([:])
    }

    /// Counts one for `value` (or for `other`).
    package func increment(_ value: String) { counter(for: value).increment() }

    private func counter(for value: String) -> Counter {
        let value = value.count > Self.maxLength ? String(value.prefix(Self.maxLength)) : value
        return counters.withLock { counters in
            if let counter = counters[value] { return counter }
            let admitted = counters.count - (counters[Self.overflow] == nil ? 0 : 1)
            let label = admitted < limit && value != Self.overflow ? value : Self.overflow
            if let counter = counters[label] { return counter }
            let counter = makeCounter(label)
            counters[label] = counter
            return counter
        }
    }
}
