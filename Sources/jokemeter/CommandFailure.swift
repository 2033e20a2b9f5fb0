import ArgumentParser
import Foundation

/// Runs `body`; an error becomes one `error: …` line on stderr and exit status 1, never a crash.
func reportingFailure<Result>(_ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        StandardError.write("error: \(error)")
        throw ExitCode.failure
    }
}

/// Lines to standard error.
enum StandardError {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
