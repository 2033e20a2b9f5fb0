#if canImport(Glibc)
import Glibc
#endif

/// How many connections each port accepts before it stops accepting until one closes: what the process's file
/// descriptor limit allows, less a reserve for everything else (model files, logs, event loops, threads).
///
/// A server that accepts until `accept` fails with `EMFILE` spins: the listening socket stays readable, and NIO's
/// accept loop wakes again at once (a whole core, on both ports, seen with `RLIMIT_NOFILE` 256). Stopping short of the
/// limit leaves further connections in the kernel's backlog instead, and the server answers the ones it has.
package struct ConnectionBudget: Sendable, Equatable {
    /// Connections the HTTP port accepts at once.
    package var http: Int
    /// Connections the gRPC port accepts at once.
    package var grpc: Int

    /// A budget of `http` and `grpc` connections.
    package init(http: Int, grpc: Int) {
        self.http = http
        self.grpc = grpc
    }

    /// Descriptors kept for everything but connections.
    static let reserve = 128

    /// The budget of a process that may open `files` descriptors, split between HTTP and, when it is on, gRPC
    /// (two thirds and one third).
    package init(files: Int, grpc grpcOn: Bool) {
        let connections = max(16, files - Self.reserve)
        grpc = grpcOn ? max(8, connections / 3) : 0
        http = max(8, connections - grpc)
    }

    /// The budget of this process, from its soft `RLIMIT_NOFILE`.
    package static func current(grpc: Bool) -> ConnectionBudget {
        var limit = rlimit()
        let files = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 ? Int(clamping: limit.rlim_cur) : 1024
        return ConnectionBudget(files: files, grpc: grpc)
    }
}
