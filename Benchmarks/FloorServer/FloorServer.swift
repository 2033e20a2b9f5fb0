import Foundation
import Hummingbird
import Logging

/// The framework's floor: the least a Hummingbird 2 server does to answer a predict request, measured beside
/// `jokemeter serve` by scripts/cpu-per-request.sh with the same client and bodies.
///
/// One `Router` (no middleware) with one route, `POST /api/v1/predict`: it collects the body (up to 64 KB),
/// decodes `{text, joker}` with Foundation's `JSONDecoder`, and answers a constant 60-byte JSON object, the
/// size of jokemeter's answer. The log level is warning: no per-request line.
///
///     FloorServer serve --host H --port P [--flag value]...
///
/// takes the command line the scripts give `jokemeter serve`; every other `--flag value` pair is skipped.
/// Once bound it prints `listening on HOST:PORT` (the real port, so `--port 0` works) to standard error,
/// as scripts/lib/logged-port.sh expects.
@main
struct FloorServer {
    /// The body of `POST /api/v1/predict`, as jokemeter takes it.
    struct PredictRequest: Decodable {
        var text: String
        var joker: String?
    }

    /// The answer of every request: as long as jokemeter's `{"model":"lr","rating":…,"version":…}`.
    static let answer = ByteBuffer(string: #"{"model":"lr","rating":2.1655134429465477,"version":"1.0.0"}"#)

    static func main() async throws {
        let (host, port) = address(CommandLine.arguments.dropFirst())

        var logger = Logger(label: "FloorServer")
        logger.logLevel = .warning
        let router = Router()
        router.post("/api/v1/predict") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 65_536)
            _ = try JSONDecoder().decode(PredictRequest.self, from: Data(body.readableBytesView))
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: answer))
        }
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                let address = channel.localAddress
                FileHandle.standardError.write(Data("listening on \(address?.ipAddress ?? host):\(address?.port ?? port)\n".utf8))
            },
            logger: logger
        )
        try await app.runService()
    }

    /// The `--host` and `--port` of `[serve] [--flag value]...` (127.0.0.1 and 8080 unless given).
    private static func address(_ arguments: ArraySlice<String>) -> (host: String, port: Int) {
        var arguments = arguments.first == "serve" ? arguments.dropFirst() : arguments
        var host = "127.0.0.1"
        var port = 8080
        while let flag = arguments.popFirst() {
            guard flag.hasPrefix("--") else { fail("unexpected argument \(flag)") }
            guard let value = arguments.popFirst() else { fail("\(flag) needs a value") }
            switch flag {
            case "--host": host = value
            case "--port":
                guard let number = Int(value) else { fail("--port \(value) is not a number") }
                port = number
            default: continue
            }
        }
        return (host, port)
    }

    /// Says why the command line is refused, on standard error, and exits with status 2.
    private static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("FloorServer: \(message)\nusage: FloorServer serve --host H --port P [--flag value]...\n".utf8))
        exit(2)
    }
}
