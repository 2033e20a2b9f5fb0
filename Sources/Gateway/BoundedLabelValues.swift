import Synchronization

/// Label values from a caller-chosen set kept bounded: the first `limit` distinct values pass (cut to
/// `maxLength` characters), every later one becomes `other`. Prometheus keeps a series per label value, so
/// a label taken from request input must never grow without bound.
final class BoundedLabelValues: Sendable {
    /// The value that stands for everything past the limit.
    static let overflow = "other"
    /// Longest value kept, in characters.
    static let maxLength = 64

    private let limit: Int
    private let admitted: Mutex<Set<String>>

    /// Admits at most `limit` distinct values.
    init(limit: Int) {
        self.limit = limit
        self.admitted = Mutex([])
    }

    /// The label value that stands for `value`.
    func label(for value: String) -> String {
        let value = value.count > Self.maxLength ? String(value.prefix(Self.maxLength)) : value
        return admitted.withLock { admitted in
            if admitted.contains(value) { return value }
            guard admitted.count < limit, value != Self.overflow else { return Self.overflow }
            admitted.insert(value)
            return value
        }
    }
}
