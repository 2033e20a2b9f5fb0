import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `jokemeter-load`, the joke client, against the real server.
@Suite(.serialized) struct LoadClientTests {
    private func load(_ arguments: [String]) throws -> CommandRunner.Output {
        try CommandRunner.run(arguments + ["--no-progress"], executable: "jokemeter-load")
    }

    /// The count on the report line `model NAME status STATUS: COUNT`, or 0.
    private func answers(_ output: CommandRunner.Output, model: String, status: Int) -> Int {
        let prefix = "model \(model) status \(status): "
        return output.lines.first { $0.hasPrefix(prefix) }.flatMap { Int($0.dropFirst(prefix.count)) } ?? 0
    }

    @Test func everyJokeOfTheDataSetIsSentAndAnsweredByTheMixedModels() throws {
        let server = try ServerProcess(["--models", "models", "--drain-seconds", "0"])
        let output = try load([server.url, "--concurrency", "8", "--model-mix", "lr:3,tr:1"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.lines.first?.hasPrefix("requests 1000 in ") == true)
        #expect(output.lines.contains { $0.hasPrefix("latency ms: p50 ") && $0.contains(" p99 ") && $0.contains(" max ") })
        let linear = answers(output, model: "lr", status: 200)
        let tree = answers(output, model: "tr", status: 200)
        #expect(linear + tree == 1000)
        #expect(linear > 650 && linear < 850, "lr:3,tr:1 should send about 750 jokes to lr, sent \(linear)")
        #expect(output.lines.last == "failed 0")
        server.send(SIGTERM)
    }

    @Test func roundsRepeatTheFileAndTheDefaultModelAnswersWithoutAMix() throws {
        let folder = try CommandRunner.temporaryFolder()
        let csv = folder.appendingPathComponent("jokes.csv")
        try "text\nраз\n\"два, три\"\nfour\n".write(to: csv, atomically: true, encoding: .utf8)
        let server = try ServerProcess(["--models", "models", "--drain-seconds", "0"])
        let output = try load([server.url + "/api/v1/predict", "--data", csv.path, "--rounds", "3", "-c", "2"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(answers(output, model: "lr", status: 200) == 9)
        server.send(SIGTERM)
    }

    @Test func errorAnswersAndRefusedConnectionsAreCountedAndFailTheRun() throws {
        let server = try ServerProcess(["--models", "models", "--drain-seconds", "0"])
        let unknownModel = try load([server.url, "--model-mix", "nope:1", "-c", "4"])
        #expect(unknownModel.status == 1)
        #expect(answers(unknownModel, model: "-", status: 404) == 1000)
        #expect(unknownModel.lines.last == "failed 1000")
        server.send(SIGTERM)
        server.process.waitUntilExit()
        // A client retries refused connections until the request's deadline: keep the run short.
        let folder = try CommandRunner.temporaryFolder()
        let csv = folder.appendingPathComponent("jokes.csv")
        try "text\nраз\nдва\n".write(to: csv, atomically: true, encoding: .utf8)
        let refused = try load([server.url, "--data", csv.path, "-c", "2", "--timeout", "0.5"])
        #expect(refused.status == 1)
        #expect(refused.lines.contains { $0.hasPrefix("no answer (") })
        #expect(refused.lines.last == "failed 2")
    }

    @Test(arguments: [
        (["http://127.0.0.1:9", "--jokers", "a:1,b"], "'b' is not name:weight"),
        (["http://127.0.0.1:9", "--model-mix", "lr:0"], "add up to 0"),
        (["http://127.0.0.1:9", "--concurrency", "0"], "--concurrency must be 1 or more"),
        (["ftp://example.com", "--concurrency", "1"], "is not an http(s) URL"),
        (["http://127.0.0.1:9", "--data", "/nonexistent.csv"], "nonexistent.csv"),
    ])
    func badArgumentsGetAMessageAndUsageStatus(arguments: [String], message: String) throws {
        let output = try load(arguments)
        #expect(output.status == 64)
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }
}
