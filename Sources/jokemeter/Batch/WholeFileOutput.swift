import Foundation
import Glibc

/// Output that lands whole or not at all: written to a file beside the destination, renamed over it only when
/// everything was written, and removed on any failure.
enum WholeFileOutput {
    /// Runs `body` with standard output (no `path`), or with a fresh file that becomes `path` once `body` returns.
    static func writing(to path: String?, _ body: (OutputFile) throws(BatchError) -> Void) throws(BatchError) {
        guard let path else { return try body(OutputFile(descriptor: STDOUT_FILENO)) }
        let partial = path + ".partial-\(getpid())"
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io("cannot create \(partial): \(String(cString: strerror(errno)))") }
        do {
            try body(OutputFile(descriptor: descriptor))
        } catch {
            close(descriptor)
            unlink(partial)
            throw error
        }
        guard close(descriptor) == 0, rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw .io("cannot write \(path): \(reason)")
        }
    }
}
