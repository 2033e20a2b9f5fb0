import Foundation

/// Threads of the gateway's own for work that costs milliseconds (a heavy model's ratings, the shadow's): off
/// Swift concurrency's cooperative pool, which has a thread per core and runs every request handler, and at a
/// lower scheduling priority than the server's threads, so that on a machine of two cores the probes and the
/// cheap models keep answering while this work saturates the cores.
enum BackgroundThread {
    /// The nice value of these threads: the server's own threads keep 0.
    static let niceValue: Int32 = 10

    /// Starts a thread called `name` running `body`.
    static func start(named name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            lowerThisThreadsPriority()
            body()
        }
        thread.name = name
        thread.start()
    }

    /// On Linux each thread has a nice value of its own, and `setpriority` of "this process" (0) sets the
    /// calling thread's alone.
    private static func lowerThisThreadsPriority() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceValue)
        #endif
    }
}
