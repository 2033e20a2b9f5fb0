import ArgumentParser
import Foundation
import Gateway

/// Runs `body`; an error becomes one `error: …` line on stderr and exit status 1, never a crash.
func reportingFailure<Result>(_ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch {
        throw failure(error)
    }
}

/// The asynchronous twin of `reportingFailure`, named apart so that a trailing closure is never ambiguous.
func reportingFailureAsync<Result>(_ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch {
        throw failure(error)
    }
}

private func failure(_ error: any Error) -> ExitCode {
    if let exit = error as? ExitCode { return exit }
    StandardError.write("error: \(error)")
    return .failure
}

/// Lines to standard error.
enum StandardError {
    static func write(_ line: String) {
        writeRaw(line + "\n")
    }

    /// Writes `text` as it is (a progress bar redraws its line with `\r`), after the server's log lines
    /// still waiting for their batch.
    static func writeRaw(_ text: String) {
        BatchedLineWriter.standardError.flush()
        FileHandle.standardError.write(Data(text.utf8))
    }
}
