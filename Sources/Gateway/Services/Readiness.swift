import Synchronization

/// Whether the service takes traffic: `starting` until every model answered its warm-up prediction,
/// `ready` while serving, `draining` from SIGTERM on. The only owner of that state; moves only forward, and tells
/// those who watch it (gRPC's health `Watch`) of each move.
public final class Readiness: Sendable {
    /// The life stages of the process.
    public enum State: String, Sendable, Comparable {
        case starting, ready, draining

        private var rank: Int {
            switch self {
            case .starting: 0
            case .ready: 1
            case .draining: 2
            }
        }

        public static func < (left: State, right: State) -> Bool { left.rank < right.rank }

        /// Why the service takes no traffic in this state, in words; nil when ready.
        var unavailableReason: String? {
            switch self {
            case .starting: "starting: models are loading and warming up"
            case .ready: nil
            case .draining: "draining: the service is shutting down"
            }
        }
    }

    private struct Watched {
        var state: State
        var watchers: [Int: AsyncStream<State>.Continuation] = [:]
        var nextWatcher = 0
    }

    private let watched: Mutex<Watched>

    /// A new readiness in `state` (`starting` unless a test says otherwise).
    public init(_ state: State = .starting) {
        watched = Mutex(Watched(state: state))
    }

    /// The current state.
    public var current: State { watched.withLock { $0.state } }

    /// Moves to `next` unless already there or further; never back.
    public func advance(to next: State) {
        let watchers = watched.withLock { watched -> [AsyncStream<State>.Continuation] in
            guard watched.state < next else { return [] }
            watched.state = next
            return Array(watched.watchers.values)
        }
        for watcher in watchers {
            watcher.yield(next)
            if next == .draining { watcher.finish() }
        }
    }

    /// The current state, then each one it moves to; it ends with `draining`, the last.
    package func changes() -> AsyncStream<State> {
        let (stream, continuation) = AsyncStream.makeStream(of: State.self, bufferingPolicy: .bufferingNewest(3))
        let (id, state) = watched.withLock { watched in
            defer { watched.nextWatcher += 1 }
            if watched.state != .draining { watched.watchers[watched.nextWatcher] = continuation }
            return (watched.nextWatcher, watched.state)
        }
        continuation.yield(state)
        if state == .draining { continuation.finish() }
        continuation.onTermination = { [weak self] _ in
            _ = self?.watched.withLock { $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }
}
