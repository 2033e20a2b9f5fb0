import Glibc

/// Reads a file descriptor in blocks that end at a record's end: bytes after the last whole record of a block
/// begin the next one, and a block grows when a record is longer than it.
///
/// Blocks are read into two buffers in turn, so that a block stays whole while the next one is read: the
/// caller rates one block while the next is read beside it.
struct BlockReader {
    /// One buffer's memory.
    private struct Memory {
        var base: UnsafeMutablePointer<UInt8>
        var capacity: Int

        init(capacity: Int) {
            base = .allocate(capacity: capacity)
            self.capacity = capacity
        }
    }

    private let descriptor: Int32
    /// The buffer the next block is read into.
    private var filling: Memory
    /// The buffer of the block handed out before the last one (free again), or not used yet.
    private var spare: Memory
    /// Bytes held in `filling`: the tail carried over from the last block, then what was read since.
    private var filled = 0
    /// Bytes of the last block handed out, which lies in `filling` until the next call.
    private var handedOut = 0
    private var atEnd = false

    /// A reader of `descriptor`, `blockBytes` at a time.
    init(descriptor: Int32, blockBytes: Int) {
        self.descriptor = descriptor
        filling = Memory(capacity: blockBytes)
        spare = Memory(capacity: blockBytes)
    }

    /// Frees the buffers' memory.
    func deallocate() {
        filling.base.deallocate()
        spare.base.deallocate()
    }

    /// The next block, with its records in `records` (emptied first); nil once the input is used up. The block
    /// is valid until the call after the next one.
    mutating func nextBlock(framing: RecordFraming, into records: inout [RecordSpan]) throws(BatchError) -> UnsafeBufferPointer<UInt8>? {
        if handedOut > 0 {
            // The last block stays where it is; its tail begins the other buffer.
            let tail = filled - handedOut
            if spare.capacity < filling.capacity {
                spare.base.deallocate()
                spare = Memory(capacity: filling.capacity)
            }
            spare.base.update(from: filling.base + handedOut, count: tail)
            swap(&filling, &spare)
            filled = tail
            handedOut = 0
        }
        while true {
            try fill()
            if atEnd, filled == 0 { return nil }
            records.removeAll(keepingCapacity: true)
            let taken = framing.split(UnsafeBufferPointer(start: filling.base, count: filled), atEnd: atEnd, into: &records)
            if !records.isEmpty {
                handedOut = taken
                return UnsafeBufferPointer(start: filling.base, count: taken)
            }
            grow()
        }
    }

    /// Reads until the buffer is full or the input ends.
    private mutating func fill() throws(BatchError) {
        while filled < filling.capacity, !atEnd {
            let count = read(descriptor, filling.base + filled, filling.capacity - filled)
            if count > 0 {
                filled += count
            } else if count == 0 {
                atEnd = true
            } else if errno != EINTR {
                throw .io("cannot read the input: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Doubles the buffer being filled, keeping what it holds: a record is longer than a block.
    private mutating func grow() {
        let larger = Memory(capacity: filling.capacity * 2)
        larger.base.update(from: filling.base, count: filled)
        filling.base.deallocate()
        filling = larger
    }
}
