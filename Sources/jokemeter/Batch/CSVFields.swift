/// The fields of one CSV record (RFC 4180): separated by `delimiter`, a field in double quotes may hold the
/// delimiter, line breaks and doubled quotes (`""` for `"`).
struct CSVFields {
    /// The field separator, `,` or `;`.
    let delimiter: UInt8

    /// The guessed separator of a header line: the first `,` or `;` outside quotes (`,` when there is none), as
    /// the data set reader guesses it.
    static func guessDelimiter(header: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var quoted = false
        for byte in header {
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if !quoted, byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") {
                return byte
            }
        }
        return UInt8(ascii: ",")
    }

    /// Every field of `record`, unquoted, as text: the header's column names.
    func all(_ record: UnsafeBufferPointer<UInt8>) -> [String] {
        var names: [String] = []
        var scratch: [UInt8] = []
        var index = 0
        while let field = field(index, of: record, scratch: &scratch) {
            names.append(String(decoding: field, as: UTF8.self))
            index += 1
        }
        return names
    }

    /// Calls `body` with field `index` of `record`, unquoted (into `scratch` only when it holds a doubled quote),
    /// or with nil when the record has fewer fields.
    func withField<Result>(
        _ index: Int,
        of record: UnsafeBufferPointer<UInt8>,
        scratch: inout [UInt8],
        _ body: (UnsafeBufferPointer<UInt8>?) -> Result
    ) -> Result {
        guard let bounds = bounds(index, of: record) else { return body(nil) }
        let field = UnsafeBufferPointer(rebasing: record[bounds])
        guard field.first == UInt8(ascii: "\"") else { return body(field) }
        let inner = UnsafeBufferPointer(rebasing: field.dropFirst())
        let closed = inner.last == UInt8(ascii: "\"") ? UnsafeBufferPointer(rebasing: inner.dropLast()) : inner
        guard closed.contains(UInt8(ascii: "\"")) else { return body(closed) }
        scratch.removeAll(keepingCapacity: true)
        var pendingQuote = false
        for byte in closed {
            if byte == UInt8(ascii: "\""), !pendingQuote {
                pendingQuote = true
                continue
            }
            pendingQuote = false
            scratch.append(byte)
        }
        return scratch.withUnsafeBufferPointer { body($0) }
    }

    private func field(_ index: Int, of record: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8]) -> [UInt8]? {
        withField(index, of: record, scratch: &scratch) { $0.map { Array($0) } }
    }

    /// Where field `index` lies in `record`, quotes included; nil when the record has fewer fields.
    private func bounds(_ index: Int, of record: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var field = 0
        var start = 0
        var quoted = false
        for position in record.indices {
            let byte = record[position]
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if byte == delimiter, !quoted {
                if field == index { return start..<position }
                field += 1
                start = position + 1
            }
        }
        return field == index && (index > 0 || !record.isEmpty) ? start..<record.count : nil
    }
}
