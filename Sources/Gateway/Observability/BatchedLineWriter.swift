import Dispatch
import Foundation
import NIOCore
import Synchronization

/// Log lines for one file descriptor, written in batches: a line is appended to a buffer, and the buffer is
/// handed to the kernel in one `write` a few milliseconds after its first line, when it holds 64 KB (by
/// the writer's own queue), when a line asks to be written at once (warnings and errors), and at exit.
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
    private let batchBytes: Int
    private let mostPendingBytes: Int
    private let pending = Mutex(Pending())
    /// Held while a batch is written, so that batches reach the descriptor in the order they were taken.
    private let writing = Mutex(())
    private let queue = DispatchQueue(label: "jokemeter.log-writer")

    private struct Pending {
        var lines = ByteBuffer()
        /// A flush is due after the delay.
        var flushScheduled = false
        /// A flush is on the queue now, for a full batch.
        var flushQueued = false
    }

    /// What a line's writer does after appending it.
    private enum Next {
        case nothing, flushAfterDelay, flushOnQueue, flushHere
    }

    /// A writer for `descriptor` that writes a batch `delay` after its first line, or as soon as the queue
    /// can when it holds `batchBytes`; a caller that finds `mostPendingBytes` waiting (the descriptor takes
    /// them slower than they come) writes them itself, so that a stuck reader holds the loggers back
    /// instead of the buffer growing without end.
    package init(
        descriptor: Int32,
        delay: DispatchTimeInterval = .milliseconds(10),
        batchBytes: Int = 64 * 1024,
        mostPendingBytes: Int = 1024 * 1024
    ) {
        self.descriptor = descriptor
        self.delay = delay
        self.batchBytes = batchBytes
        self.mostPendingBytes = mostPendingBytes
    }

    /// Appends `line`; `now` writes it (and every line before it) before returning. A full batch is
    /// written by the writer's own queue, never by the request thread that filled it.
    package func write(_ line: ByteBuffer, now: Bool) {
        let next: Next = pending.withLock { pending in
            pending.lines.writeImmutableBuffer(line)
            let bytes = pending.lines.readableBytes
            if now || bytes >= mostPendingBytes { return .flushHere }
            if bytes >= batchBytes {
                guard !pending.flushQueued else { return .nothing }
                pending.flushQueued = true
                return .flushOnQueue
            }
            guard !pending.flushScheduled else { return .nothing }
            pending.flushScheduled = true
            return .flushAfterDelay
        }
        switch next {
        case .nothing: break
        case .flushAfterDelay: queue.asyncAfter(deadline: .now() + delay) { self.flush() }
        case .flushOnQueue: queue.async { self.flush() }
        case .flushHere: flush()
        }
    }

    /// Writes every line appended so far.
    package func flush() {
        writing.withLock { _ in
            let batch = pending.withLock { pending in
                pending.flushScheduled = false
                pending.flushQueued = false
                let batch = pending.lines
                pending.lines = ByteBuffer()
                return batch
            }
            // What the descriptor refuses is dropped: a logger must not fail its caller.
            _ = batch.withUnsafeReadableBytes { FileDescriptorOutput.writeAll($0, to: descriptor) }
        }
    }
}
