import Gateway
import Glibc

/// Bytes of output made by one worker, written out whole in input order.
struct OutputBuffer: TextOutputStream {
    /// What has been written so far.
    private(set) var bytes: [UInt8] = []

    /// How many bytes it holds.
    var count: Int { bytes.count }

    /// Empties the buffer, keeping its memory for the next block.
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Drops what was written after the first `count` bytes.
    mutating func truncate(to count: Int) { bytes.removeSubrange(count...) }

    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }

    /// `Double.write(to:)` hands its shortest round-trip digits here. The default of this underscored
    /// requirement makes a `String` of them, which is on the heap past 15 bytes (most ratings have 17 or 18):
    /// taking the digits as they are spares a malloc and a free per rating.
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }

    /// Appends `bytes`.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes.append(contentsOf: bytes) }

    /// Appends one byte.
    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    /// Appends `rating` as `print` writes it: the shortest decimal that reads back as the same number.
    mutating func append(rating: Double) { rating.write(to: &self) }
}

/// A file descriptor written to until every byte is taken.
struct OutputFile {
    /// The descriptor, open for writing.
    let descriptor: Int32

    /// Writes what `buffer` holds.
    func write(_ buffer: OutputBuffer) throws(BatchError) {
        try buffer.bytes.withUnsafeBytes { bytes in Result { () throws(BatchError) in try write(bytes) } }.get()
    }

    /// Writes all of `bytes`; throws where the system refuses (a full disk, a closed pipe).
    func write(_ bytes: UnsafeRawBufferPointer) throws(BatchError) {
        if let error = FileDescriptorOutput.writeAll(bytes, to: descriptor) {
            throw .io("cannot write the output: \(String(cString: strerror(error)))")
        }
    }
}
