import Foundation
import Registry

/// One thread's share of a block: it validates, rates and formats a run of records into its own buffer.
final class RatingWorker: @unchecked Sendable {
    /// The answers of the last run rated, in record order.
    private(set) var output = OutputBuffer()
    /// Where a quoted CSV field with doubled quotes is unquoted.
    private var scratch: [UInt8] = []
    /// Why the last run stopped early, or nil when it rated every record.
    var failure: BatchError?

    /// Rates `run`'s records of `block`, numbered from `firstNumber` (1 is the first line, or the first CSV row
    /// after the header); stops at a record that cannot be read, with what is wrong. Lines have been checked for
    /// UTF-8 with their block: `firstInvalid` is where the block's first sequence that is not UTF-8 starts.
    func process(
        _ run: ArraySlice<RecordSpan>,
        of block: UnsafeBufferPointer<UInt8>,
        firstInvalid: Int?,
        firstNumber: Int,
        models: [any TextModel],
        layout: BatchPredictor.Layout,
        csv: CSVPlan?
    ) -> BatchError? {
        // The run writes a local buffer, moved in and back out: every access to a class's stored property is
        // checked for exclusivity at run time (`swift_beginAccess`), and the run writes several times a record.
        var output = OutputBuffer()
        swap(&output, &self.output)
        defer { swap(&output, &self.output) }
        output.removeAll()
        let separator: UInt8 = csv?.fields.delimiter ?? UInt8(ascii: "\t")
        for (offset, span) in zip(0..., run) {
            let record = UnsafeBufferPointer(rebasing: block[span.start..<span.end])
            let number = firstNumber + offset
            switch layout {
            case .lines:
                if let bad = firstInvalid, span.start <= bad, bad < span.end {
                    return .notUTF8(record: "stdin line \(number)", offset: bad - span.start)
                }
                Self.appendRatings(by: models, separator: separator, to: &output) { $0.predict(utf8: record) }
            case .jsonLines:
                guard let text = try? JSONDecoder().decode(String.self, from: Data(record)) else {
                    return .notJSONString(record: "stdin line \(number)")
                }
                Self.appendRatings(by: models, separator: separator, to: &output) { $0.predict(text) }
            case .csv:
                guard let csv, !record.isEmpty else { break }  // a blank line stays blank
                let lineStart = output.count
                output.append(record)
                output.append(separator)
                let failure = csv.fields.withField(csv.textIndex, of: record, scratch: &scratch) { field -> BatchError? in
                    let text = field ?? UnsafeBufferPointer(start: record.baseAddress, count: 0)
                    if let bad = UTF8Validation.firstInvalidOffset(in: text) { return .notUTF8(record: "row \(number) (its text)", offset: bad) }
                    Self.appendRatings(by: models, separator: separator, to: &output) { $0.predict(utf8: text) }
                    return nil
                }
                if let failure {
                    output.truncate(to: lineStart)
                    return failure
                }
            }
            output.append(UInt8(ascii: "\n"))
        }
        return nil
    }

    /// Appends each model's rating, as `rate` gives it, separated by `separator`.
    @inline(__always)
    private static func appendRatings(
        by models: [any TextModel],
        separator: UInt8,
        to output: inout OutputBuffer,
        _ rate: (any TextModel) -> Double
    ) {
        for (index, model) in models.enumerated() {
            if index > 0 { output.append(separator) }
            output.append(rating: rate(model))
        }
    }
}
