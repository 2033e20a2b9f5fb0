import Glibc

/// Reads a file descriptor in blocks that end at a record's end: bytes after the last whole record of a block
/// begin the next one, and a block grows when a record is longer than it.
struct BlockReader {
    private let descriptor: Int32
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes held: the tail carried over from the last block, then what was read since.
    private var filled = 0
    /// Bytes of the last block handed out, dropped at the next call.
    private var handedOut = 0
    private var atEnd = false

    /// A reader of `descriptor`, `blockBytes` at a time.
    init(descriptor: Int32, blockBytes: Int) {
        self.descriptor = descriptor
        self.capacity = blockBytes
        self.base = .allocate(capacity: blockBytes)
    }

    /// Frees the block's memory.
    func deallocate() { base.deallocate() }

    /// The next block, with its records in `records` (emptied first); nil once the input is used up. The block
    /// is valid until the next call.
    mutating func nextBlock(framing: RecordFraming, into records: inout [RecordSpan]) throws(BatchError) -> UnsafeBufferPointer<UInt8>? {
        if handedOut > 0 {
            filled -= handedOut
            memmove(base, base + handedOut, filled)
            handedOut = 0
        }
        while true {
            try fill()
            if atEnd, filled == 0 { return nil }
            records.removeAll(keepingCapacity: true)
            let taken = framing.split(UnsafeBufferPointer(start: base, count: filled), atEnd: atEnd, into: &records)
            if !records.isEmpty {
                handedOut = taken
                return UnsafeBufferPointer(start: base, count: taken)
            }
            grow()
        }
    }

    /// Reads until the buffer is full or the input ends.
    private mutating func fill() throws(BatchError) {
        while filled < capacity, !atEnd {
            let count = read(descriptor, base + filled, capacity - filled)
            if count > 0 {
                filled += count
            } else if count == 0 {
                atEnd = true
            } else if errno != EINTR {
                throw .io("cannot read the input: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Doubles the buffer, keeping what it holds: a record is longer than a block.
    private mutating func grow() {
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        larger.update(from: base, count: filled)
        base.deallocate()
        base = larger
        capacity *= 2
    }
}
