import Glibc

/// Where one record lies in a block: its bytes without the line break that ends it.
struct RecordSpan: Sendable, Equatable {
    /// The offset of the record's first byte.
    var start: Int
    /// The offset past its last byte, before `\n` or `\r\n`.
    var end: Int
}

/// How input bytes split into records: text lines, or CSV records (whose quoted fields may hold line breaks).
enum RecordFraming: Sendable {
    /// One record a line.
    case lines
    /// RFC 4180 records: a line break inside double quotes belongs to the field.
    case csv

    /// Appends the records that end inside `bytes` to `records`, and returns how many bytes they take with their
    /// line breaks; at the end of the input (`atEnd`), bytes after the last line break are the last record.
    func split(_ bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool, into records: inout [RecordSpan]) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        var start = 0
        switch self {
        case .lines:
            while start < bytes.count,
                let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start)
            {
                let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                records.append(Self.span(base, start, newline))
                start = newline + 1
            }
        case .csv:
            var quoted = false
            var position = 0
            while position < bytes.count {
                let byte = base[position]
                if byte == UInt8(ascii: "\"") {
                    quoted.toggle()
                } else if byte == UInt8(ascii: "\n"), !quoted {
                    records.append(Self.span(base, start, position))
                    start = position + 1
                }
                position += 1
            }
        }
        guard atEnd, start < bytes.count else { return start }
        records.append(Self.span(base, start, bytes.count))
        return bytes.count
    }

    /// The record from `start` to a line break at `end`, less a `\r` before it.
    private static func span(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> RecordSpan {
        end > start && base[end - 1] == UInt8(ascii: "\r") ? RecordSpan(start: start, end: end - 1) : RecordSpan(start: start, end: end)
    }
}
