import Synchronization

/// Whether the service takes traffic: `starting` until every model answered its warm-up prediction,
/// `ready` while serving, `draining` from SIGTERM on. The only owner of that state; moves only forward.
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
    }

    private let state: Mutex<State>

    /// A new readiness in `state` (`starting` unless a test says otherwise).
    public init(_ state: State = .starting) {
        self.state = Mutex(state)
    }

    /// The current state.
    public var current: State { state.withLock { $0 } }

    /// Moves to `next` unless already there or further; never back.
    public func advance(to next: State) {
        state.withLock { if $0 < next { $0 = next } }
    }
}
