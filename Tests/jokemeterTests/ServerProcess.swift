import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The real `jokemeter serve` binary, started on a free loopback port, with its log in a file.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let log: URL
    private(set) var port = 0

    /// Starts `jokemeter serve` with `arguments` (plus `--host 127.0.0.1 --port 0 --grpc-port 0`: gRPC off) and waits
    /// until it listens.
    init(_ arguments: [String], environment: [String: String] = [:], waitForListening: Bool = true) throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("jokemeter-serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        process.executableURL = CommandRunner.binary
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--grpc-port", "0"] + arguments
        process.currentDirectoryURL = CommandRunner.root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = output
        try process.run()
        if waitForListening { port = try awaitPort() }
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: log)
    }

    /// Everything the server has logged so far.
    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Base URL of the server.
    var url: String { "http://127.0.0.1:\(port)" }

    /// The port from the `listening on 127.0.0.1:PORT` log line.
    private func awaitPort() throws -> Int {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            // Text or JSON lines alike: "listening on 127.0.0.1:PORT".
            if let match = output.firstMatch(of: /listening on [^:\s"]+:(\d+)/), let port = Int(match.output.1) { return port }
            guard process.isRunning else { throw ServerFailure(message: "exited early with \(process.terminationStatus):\n\(output)") }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw ServerFailure(message: "did not report its port within 30 s:\n\(output)")
    }

    /// Sends `signal` (SIGTERM by default) to the server.
    func send(_ signal: Int32 = SIGTERM) { kill(process.processIdentifier, signal) }

    /// Waits up to `timeout` for the process to exit; its exit status, or nil if it still runs.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    struct ServerFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { "jokemeter serve \(message)" }
    }
}
