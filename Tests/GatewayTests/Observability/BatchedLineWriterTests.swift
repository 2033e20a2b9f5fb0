import Foundation
import Gateway
import NIOCore
import Testing

/// Lines reach their descriptor in order, in batches, and at once when asked.
@Suite struct BatchedLineWriterTests {
    /// A pipe whose read end never blocks: `read()` gives what has been written so far.
    final class Pipe {
        let readEnd: Int32
        let writeEnd: Int32

        init() throws {
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else { throw POSIXError(.EMFILE) }
            (readEnd, writeEnd) = (ends[0], ends[1])
            _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        }

        deinit {
            close(readEnd)
            close(writeEnd)
        }

        func read() -> String {
            var bytes = [UInt8](repeating: 0, count: 1 << 16)
            let count = Foundation.read(readEnd, &bytes, bytes.count)
            return String(decoding: bytes.prefix(max(count, 0)), as: UTF8.self)
        }
    }

    @Test func linesWaitForTheirBatchUnlessAskedToGoAtOnceAndKeepTheirOrder() throws {
        let pipe = try Pipe()
        let writer = BatchedLineWriter(descriptor: pipe.writeEnd, delay: .seconds(3600))
        writer.write(ByteBuffer(string: "one\n"), now: false)
        writer.write(ByteBuffer(string: "two\n"), now: false)
        #expect(pipe.read() == "")
        writer.write(ByteBuffer(string: "warning\n"), now: true)
        #expect(pipe.read() == "one\ntwo\nwarning\n")
        writer.write(ByteBuffer(string: "three\n"), now: false)
        writer.flush()
        #expect(pipe.read() == "three\n")
    }

    @Test func aBatchIsWrittenAfterItsDelayWithoutAnotherLine() async throws {
        let pipe = try Pipe()
        let writer = BatchedLineWriter(descriptor: pipe.writeEnd, delay: .milliseconds(5))
        writer.write(ByteBuffer(string: "alone\n"), now: false)
        var seen = ""
        for _ in 0..<500 where seen.isEmpty {
            try await Task.sleep(for: .milliseconds(10))
            seen = pipe.read()
        }
        #expect(seen == "alone\n")
    }

    @Test func aFullBatchIsWrittenByTheWritersQueueWithoutWaitingForTheDelay() async throws {
        let pipe = try Pipe()
        let writer = BatchedLineWriter(descriptor: pipe.writeEnd, delay: .seconds(3600))
        let line = String(repeating: "x", count: 1023) + "\n"
        for _ in 0..<64 { writer.write(ByteBuffer(string: line), now: false) }
        var seen = 0
        for _ in 0..<500 where seen < 64 * 1024 {
            seen += pipe.read().utf8.count
            if seen < 64 * 1024 { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(seen == 64 * 1024)
    }

    @Test func aCallerThatFindsTheMostPendingBytesWaitingWritesThemItself() throws {
        let pipe = try Pipe()
        let writer = BatchedLineWriter(descriptor: pipe.writeEnd, delay: .seconds(3600), batchBytes: 1 << 30, mostPendingBytes: 8)
        writer.write(ByteBuffer(string: "1234\n"), now: false)
        #expect(pipe.read() == "")
        writer.write(ByteBuffer(string: "5678\n"), now: false)
        #expect(pipe.read() == "1234\n5678\n")
    }
}
