import Dispatch
import Foundation
import NIOCore
import Synchronization

/// Log lines for one file descriptor, written in batches: a line is appended to a buffer, and the buffer is
/// handed to the kernel in one `write` a few milliseconds after its first line, when it holds 64 KB, when
/// a line asks to be written at once (warnings and errors), and at exit.
///
/// The line of every request is on at the default level: one `write` per request, with both event loops
/// contending for the file's lock in the kernel, was the larger part of its cost. Lines keep their order;
/// a process killed outright (SIGKILL) loses the lines of its last few milliseconds.
package final class BatchedLineWriter: Sendable {
    /// Standard error's writer, flushed when the process exits.
    package static let standardError: BatchedLineWriter = {
        let writer = BatchedLineWriter(descriptor: STDERR_FILENO)
        atexit { BatchedLineWriter.standardError.flush() }
        return writer
    }()

    private let descriptor: Int32
    private let delay: DispatchTimeInterval
    private let pending = Mutex(Pending())
    /// Held while a batch is written, so that batches reach the descriptor in the order they were taken.
    private let writing = Mutex(())
    private let queue = DispatchQueue(label: "jokemeter.log-writer")
    private static let batchBytes = 64 * 1024

    private struct Pending {
        var lines = ByteBuffer()
        var flushScheduled = false
    }

    /// A writer for `descriptor` that writes a batch `delay` after its first line.
    package init(descriptor: Int32, delay: DispatchTimeInterval = .milliseconds(10)) {
        self.descriptor = descriptor
        self.delay = delay
    }

    /// Appends `line`; `now` writes it (and every line before it) before returning.
    package func write(_ line: ByteBuffer, now: Bool) {
        let (schedule, full) = pending.withLock { pending in
            pending.lines.writeImmutableBuffer(line)
            let schedule = !now && !pending.flushScheduled
            if schedule { pending.flushScheduled = true }
            return (schedule, pending.lines.readableBytes >= Self.batchBytes)
        }
        if now || full {
            flush()
        } else if schedule {
            queue.asyncAfter(deadline: .now() + delay) { self.flush() }
        }
    }

    /// Writes every line appended so far.
    package func flush() {
        writing.withLock { _ in
            let batch = pending.withLock { pending in
                pending.flushScheduled = false
                let batch = pending.lines
                pending.lines = ByteBuffer()
                return batch
            }
            // What the descriptor refuses is dropped: a logger must not fail its caller.
            _ = batch.withUnsafeReadableBytes { FileDescriptorOutput.writeAll($0, to: descriptor) }
        }
    }
}
