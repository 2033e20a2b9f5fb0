import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `jokemeter serve` as deployed: the real binary on a loopback port with the shipped models.
@Suite(.serialized) struct ServeLiveTests {
    let joke = #"{"text": "Штирлиц долго смотрел в одну точку. Потом в другую. «Двоеточие!» — догадался Штирлиц."}"#

    private func post(
        _ client: HTTPClient,
        _ url: String,
        body: String,
        headers: [(String, String)] = []
    ) async throws -> (
        status: UInt, body: String
    ) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(5))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, String(buffer: bytes))
    }

    private func get(_ client: HTTPClient, _ url: String) async throws -> UInt {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(2))
        _ = try await response.body.collect(upTo: 1 << 20)
        return response.status.code
    }

    private func rating(_ body: String) throws -> Double {
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return try #require(object?["rating"] as? Double)
    }

    @Test func bothShippedModelsAnswerAndDifferForTheSameJoke() async throws {
        let server = try ServerProcess(["--models", "models", "--drain-seconds", "0"])
        let client = HTTPClient.shared
        let linear = try await post(client, server.url + "/api/v1/predict", body: joke, headers: [("X-Model", "lr")])
        let tree = try await post(client, server.url + "/api/v1/predict", body: joke, headers: [("X-Model", "tr")])
        let byDefault = try await post(client, server.url + "/api/v1/predict", body: joke)
        #expect(linear.status == 200 && tree.status == 200 && byDefault.status == 200)
        #expect(try rating(linear.body) != rating(tree.body))
        #expect(try rating(byDefault.body) == rating(linear.body))
        #expect(try await get(client, server.url + "/api/v1/ready") == 200)
        server.send(SIGTERM)
        #expect(await server.waitForExit(timeout: .seconds(10)) == 0)
    }

    @Test func aOneMebibyteBodyGets413AndTheConnectionServesTheNextRequest() async throws {
        let server = try ServerProcess(["--models", "models", "--drain-seconds", "0"])
        let connection = try RawHTTPConnection(port: server.port)
        let body = #"{"text": ""# + String(repeating: "a", count: 1 << 20) + #""}"#
        try connection.send(
            "POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
        )
        try connection.send(body)
        let refused = try connection.readResponse()
        #expect(refused.status == 413)
        #expect(refused.body == #"{"error":"the body is larger than the limit of 65536 bytes"}"#)

        // The same connection, chunked this time, also over the limit: counted as it arrives.
        try connection.send("POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n")
        let chunk = String(repeating: "b", count: 16 * 1024)
        for _ in 0..<5 { try connection.send(String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n") }
        try connection.send("0\r\n\r\n")
        #expect(try connection.readResponse().status == 413)

        try connection.send("POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\nContent-Length: \(joke.utf8.count)\r\n\r\n\(joke)")
        let next = try connection.readResponse()
        #expect(next.status == 200)
        #expect(next.headers["x-model"] == "lr")

        // A Content-Length that promises 100 MB is refused at once, without waiting for the bytes.
        let liar = try RawHTTPConnection(port: server.port)
        try liar.send("POST /api/v1/predict HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000000\r\n\r\n{\"text\": \"a\"}")
        #expect(try liar.readResponse().status == 413)
        server.send(SIGTERM)
        #expect(await server.waitForExit(timeout: .seconds(10)) == 0)
    }

    @Test func sigtermDrainsWithoutFailingAnyRequestSentBeforeReadinessTurned() async throws {
        let drain = Duration.seconds(2)
        let server = try ServerProcess(["--models", "models", "--drain-seconds", "2"])
        let client = HTTPClient.shared
        #expect(try await get(client, server.url + "/api/v1/ready") == 200)

        let journal = Journal()
        let clock = ContinuousClock()
        let started = clock.now
        var signalled = started
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    while server.process.isRunning, clock.now - started < .seconds(15) {
                        let sent = clock.now
                        let ok = (try? await post(client, server.url + "/api/v1/predict", body: joke))?.status == 200
                        await journal.record(sent: sent, ok: ok)
                    }
                }
            }
            group.addTask {
                while server.process.isRunning, clock.now - started < .seconds(15) {
                    let asked = clock.now
                    if (try? await get(client, server.url + "/api/v1/ready")) != 200 {
                        await journal.readinessTurned(at: asked)
                        return
                    }
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            try await Task.sleep(for: .milliseconds(700))
            signalled = clock.now
            server.send(SIGTERM)
            let status = await server.waitForExit(timeout: drain + .seconds(2))
            let exited = clock.now
            #expect(status == 0, "exit status \(String(describing: status)); log:\n\(server.output)")
            #expect(exited - signalled <= drain + .seconds(2))
            #expect(exited - signalled >= drain, "the server must keep serving for the drain delay")
            try await group.waitForAll()
        }
        let turned = try #require(await journal.turned, "readiness never turned 503")
        #expect(turned - signalled < .milliseconds(500))
        let before = await journal.requests.filter { $0.sent < turned }
        #expect(before.count > 20, "too few requests to prove anything")
        #expect(before.filter { !$0.ok }.isEmpty, "\(before.filter { !$0.ok }.count) of \(before.count) requests failed")
        let duringDrain = await journal.requests.filter { $0.sent > turned && $0.sent < signalled + drain - .milliseconds(200) }
        #expect(!duringDrain.isEmpty && duringDrain.allSatisfy(\.ok), "requests during the drain delay are served")
    }

    @Test func aBrokenArtifactFailsStartupWithTheRegistryErrorAndNoPort() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: CommandRunner.root.appendingPathComponent("models/lr.json"),
            to: folder.appendingPathComponent("lr.json")
        )
        try #"{"format": "jokemeter.model", "formatVersion": 9, "name": "tr", "kind": "tree", "version": "1"}"#
            .write(to: folder.appendingPathComponent("tr.json"), atomically: true, encoding: .utf8)
        let output = try CommandRunner.run(["serve", "--port", "0", "--models", folder.path])
        #expect(output.status == 1)
        #expect(output.stderr.contains("error: tr.json: formatVersion: 9 is not supported; this build reads version 1"))
        #expect(!output.stderr.contains("listening on"))

        let missingDefault = try CommandRunner.run(["serve", "--port", "0", "--models", "models", "--default-model", "big"])
        #expect(missingDefault.status == 1)
        #expect(missingDefault.stderr.contains(#"error: default model "big" is not loaded; available: emb, lr, tr"#))
    }

    @Test func badSettingsAreRefusedBeforeStarting() throws {
        for (arguments, message) in [
            (["--model-header", "X Model"], #"--model-header: "X Model" is not a valid HTTP header name"#),
            (["--max-body-bytes", "0"], "--max-body-bytes: must be positive"),
            (["--log-format", "xml"], #"log format "xml" is not text or json"#),
            (["--request-log-level", "loud"], #"request log level "loud" is not one of"#),
            (["--joker-label-limit=-1"], "--joker-label-limit: must be 0 or more"),
            (["--routing-weights", "lr:90,tr"], #"routing weights "lr:90,tr": "tr" is not model:weight"#),
            (["--routing-weights", "lr:1,big:1"], "--routing-weights: names big, which is not loaded (loaded: emb@1.0.0, lr@1.0.0, tr@1.0.0)"),
            (
                ["--routing-weights", "lr@1.0.0:1,lr@9:1"],
                "--routing-weights: names lr@9, which is not loaded (loaded: emb@1.0.0, lr@1.0.0, tr@1.0.0)"
            ),
            (["--shadow-model", "big"], "--shadow-model: big is not loaded (loaded: emb@1.0.0, lr@1.0.0, tr@1.0.0)"),
            (["--pin", "lr"], #"--pin: "lr" is not model=version, e.g. lr=1.0.0"#),
            (["--pin", "lr=1.0.0", "--pin", "lr=2.0.0"], "--pin: lr is pinned twice"),
            (["--pin", "lr=9.9.9"], "the pin lr=9.9.9 names a version that is not loaded; lr has 1.0.0"),
            (["--model-execution", "lr threads=2"], #"model execution "lr threads=2": "lr threads=2" is not model: setting=value"#),
            (["--model-execution", "lr: threads=2"], "--model-execution: lr rates inline: its kind takes no threads, queue or batches"),
            (["--request-timeout", "0"], "--request-timeout: must be positive"),
            (["--port", "eighty"], "--port=eighty is not a valid integer"),
        ] {
            let output = try CommandRunner.run(["serve", "--port", "0"] + arguments)
            #expect(output.status == 1)
            #expect(output.stderr.contains("error: \(message)"), "\(output.stderr)")
        }
    }

    @Test func theHelpListsEverySettingFromTheTableAndAnUnknownFlagIsAUsageError() throws {
        let help = try CommandRunner.run(["serve", "--help"])
        #expect(help.status == 0)
        let lines = help.stdout.split(separator: "\n")
        let column = String(repeating: " ", count: 26)
        #expect(
            help.stdout.contains(
                "\n  --max-body-bytes <integer>\n\(column)Largest request body in bytes. [env: MAX_BODY_BYTES]\n\(column)(default: 65536)\n"
            ),
            "\(help.stdout)"
        )
        #expect(lines.contains { $0.hasPrefix("  --pin <model=version>") })
        #expect(lines.contains { $0.hasPrefix("  ADMIN_TOKEN_FILE        A file holding the admin token") })
        #expect(help.stdout.contains("SIGTERM or SIGINT drains"))

        for (arguments, message) in [
            (["--frobnicate", "1"], "Error: Unknown option '--frobnicate'"),
            (["--port"], "Error: Missing value for '--port <integer>'"),
            (["now"], "Error: Unexpected argument 'now'"),
        ] {
            let refused = try CommandRunner.run(["serve"] + arguments)
            #expect(refused.status == 64, "\(arguments): \(refused.stderr)")
            #expect(refused.stderr.hasPrefix(message + "\nUsage: jokemeter serve [--<setting> <value> ...]"), "\(refused.stderr)")
        }
    }

    @Test func theOriginalsEnvironmentStillWorks() async throws {
        let server = try ServerProcess(
            [],
            environment: ["ML_MODEL_PATH": "models/tr.json", "HAHA_TRESH": "3.5", "MODELS_DIR": "/nonexistent", "DRAIN_SECONDS": "0"]
        )
        let client = HTTPClient.shared
        let response = try await client.execute(HTTPClientRequest(url: server.url + "/api/v1/version"), timeout: .seconds(2))
        let body = try JSONSerialization.jsonObject(with: Data(buffer: try await response.body.collect(upTo: 1 << 16))) as? [String: Any]
        #expect(body?["model"] as? String == "tr")
        #expect(body?["models"] as? [String] == ["tr"])
        server.send(SIGINT)
        #expect(await server.waitForExit(timeout: .seconds(10)) == 0)
    }
}

extension ServeLiveTests {
    /// The environment names the new settings; /metrics counts what was sent, and every log line is JSON.
    @Test func metricsAndJSONLogsFollowTheEnvironment() async throws {
        let server = try ServerProcess(
            ["--models", "models"],
            environment: ["LOG_FORMAT": "json", "JOKER_LABEL_LIMIT": "1", "HAHA_TRESH": "-100", "DRAIN_SECONDS": "0"]
        )
        let client = HTTPClient.shared
        for joker in ["Петросян", "Задорнов"] {
            let answer = try await post(client, server.url + "/api/v1/predict", body: #"{"text": "Колобок повесился", "joker": "\#(joker)"}"#)
            #expect(answer.status == 200)
        }
        let response = try await client.execute(HTTPClientRequest(url: server.url + "/metrics"), timeout: .seconds(2))
        let metrics = String(buffer: try await response.body.collect(upTo: 1 << 20))
        #expect(metrics.contains("\njoker_counter_total{joker_name=\"Петросян\"} 1\n"), "\(metrics)")
        #expect(metrics.contains("\njoker_counter_total{joker_name=\"other\"} 1\n"))
        #expect(metrics.contains("\nhaha_counter_total 2\n"))
        #expect(
            metrics.contains(
                "jokemeter_http_requests_total{route=\"/api/v1/predict\",model=\"lr\",version=\"1.0.0\",protocol=\"http\",status_class=\"2xx\"} 2\n"
            )
        )
        server.send(SIGTERM)
        #expect(await server.waitForExit(timeout: .seconds(10)) == 0)
        let lines = server.output.split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count, "not JSON: \(lines.filter { !$0.hasPrefix("{") })")
        #expect(objects.filter { $0["message"] as? String == "request" && $0["route"] as? String == "/api/v1/predict" }.count == 2)
        // Logged as the process ends, within a batch's delay of exit: the batch is written at exit.
        #expect(objects.last?["message"] as? String == "stopped")
    }
}

/// What the drain test saw, from every task.
private actor Journal {
    struct Entry {
        var sent: ContinuousClock.Instant
        var ok: Bool
    }

    private(set) var requests: [Entry] = []
    private(set) var turned: ContinuousClock.Instant?

    func record(sent: ContinuousClock.Instant, ok: Bool) { requests.append(Entry(sent: sent, ok: ok)) }

    func readinessTurned(at instant: ContinuousClock.Instant) { if turned == nil { turned = instant } }
}

extension ServeLiveTests {
    /// SIGHUP and POST /admin/reload re-read the folder: a new artifact serves, a broken one changes nothing.
    @Test func reloadsReadTheFolderAgainAndABrokenArtifactChangesNothing() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let models = CommandRunner.root.appendingPathComponent("models")
        try FileManager.default.copyItem(at: models.appendingPathComponent("lr.json"), to: folder.appendingPathComponent("lr.json"))
        let tokenFile = folder.appendingPathComponent("token")
        try "a-long-enough-admin-token\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        let server = try ServerProcess(
            ["--models", folder.appendingPathComponent(".").path],
            environment: ["ADMIN_TOKEN_FILE": tokenFile.path, "DRAIN_SECONDS": "0"]
        )
        let client = HTTPClient.shared
        #expect(try await post(client, server.url + "/api/v1/predict", body: joke, headers: [("X-Model", "tr")]).status == 404)

        try FileManager.default.copyItem(at: models.appendingPathComponent("tr.json"), to: folder.appendingPathComponent("tr.json"))
        server.send(SIGHUP)
        var status: UInt = 0
        for _ in 0..<200 where status != 200 {
            try await Task.sleep(for: .milliseconds(20))
            status = try await post(client, server.url + "/api/v1/predict", body: joke, headers: [("X-Model", "tr")]).status
        }
        #expect(status == 200, "SIGHUP loaded tr.json")

        try "{ broken".write(to: folder.appendingPathComponent("zz.json"), atomically: true, encoding: .utf8)
        let refused = try await post(client, server.url + "/admin/reload", body: "", headers: [("Authorization", "Bearer a-long-enough-admin-token")])
        #expect(refused.status == 409)
        #expect(refused.body.contains("zz.json"), "\(refused.body)")
        #expect(try await post(client, server.url + "/api/v1/predict", body: joke, headers: [("X-Model", "tr")]).status == 200)
        server.send(SIGTERM)
        #expect(await server.waitForExit(timeout: .seconds(10)) == 0)
        #expect(server.output.contains("models reloaded (SIGHUP)"))
    }

    /// A body trickled in slower than the request timeout gets 408 and a closed connection; the server serves on.
    @Test func aSlowBodyGets408AndTheConnectionCloses() async throws {
        let server = try ServerProcess(["--models", "models", "--request-timeout", "0.5"], environment: ["DRAIN_SECONDS": "0"])
        let connection = try RawHTTPConnection(port: server.port)
        try connection.send("POST /api/v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        // One byte every 50 ms for 0.8 s: the body never completes, and the timeout passes after about ten.
        for _ in 0..<16 {
            try? connection.send(" ")
            try await Task.sleep(for: .milliseconds(50))
        }
        let answer = try connection.readResponse()
        #expect(answer.status == 408)
        #expect(answer.headers["connection"] == "close")
        #expect(answer.body == #"{"error":"the body did not arrive within 0.5 seconds"}"#)
        // Closing the input ends the body early; Hummingbird's HTTP parser answers that with a bare 400 of its
        // own before the connection closes (a client has stopped reading at the 408's Connection: close).
        if let parserAnswer = try? connection.readResponse() { #expect(parserAnswer.status == 400) }
        #expect(connection.readsEndOfStream(), "the server closed the connection")
        #expect(try await post(HTTPClient.shared, server.url + "/api/v1/predict", body: joke).status == 200)
        server.send(SIGTERM)
        #expect(await server.waitForExit(timeout: .seconds(10)) == 0)
    }
}
