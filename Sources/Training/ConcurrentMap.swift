import Dispatch

extension Array where Element: Sendable {
    /// `map` run on every core; results keep the order of `self`, so output never depends on scheduling.
    func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) throws -> Result) throws -> [Result] {
        let slots = UnsafeMutableBufferPointer<Swift.Result<Result, any Error>?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize().deallocate() }
        nonisolated(unsafe) let shared = slots
        let elements = self
        DispatchQueue.concurrentPerform(iterations: count) { index in
            shared[index] = Swift.Result { try transform(elements[index]) }
        }
        return try slots.map { try $0!.get() }
    }
}
