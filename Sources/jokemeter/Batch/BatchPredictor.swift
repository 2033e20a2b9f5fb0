import Dispatch
import Foundation
import Registry

/// Rates every record of an input with one or more models, on every core, and writes the answers in input
/// order: the path of `jokemeter predict` over standard input or a CSV file.
///
/// The input is read in blocks of whole records (a block grows for a record longer than it), the next block
/// while one is rated; lines are checked for UTF-8 a block at a time as it is read. Each block's records are
/// split into contiguous runs, and each worker rates and formats its run into a buffer of its own (checking a
/// CSV text's UTF-8 there), which the calling thread writes out in order. Texts are rated in place, as bytes of
/// the block: no `String` is made per record.
struct BatchPredictor {
    /// What a record is, and what is written for it.
    enum Layout: Sendable {
        /// A line is a text; its ratings are written, separated by tabs.
        case lines
        /// A line is a JSON string holding the text; its ratings are written, separated by tabs.
        case jsonLines
        /// A CSV file with a header line: the record is written again with a rating field per model added.
        case csv(textColumn: String, delimiter: UInt8?, ratingColumns: [String])
    }

    /// The models, in the order their ratings are written.
    let models: [any TextModel]
    /// What a record is.
    let layout: Layout
    /// Threads that rate at once.
    var workers = ProcessInfo.processInfo.activeProcessorCount
    /// The bytes read at a time; a block grows past it only to hold a record longer than it.
    var blockBytes = 8 << 20

    /// Reads `input` to its end, writing every record's answer to `output`; `progress` hears how many bytes
    /// each block took. On a record that is not UTF-8 it writes the answers of the records before it and throws.
    func run(input: Int32, output: OutputFile, progress: ((Int) -> Void)? = nil) throws(BatchError) {
        var reader = BlockReader(descriptor: input, blockBytes: max(1, blockBytes))
        defer { reader.deallocate() }
        let framing: RecordFraming = if case .csv = layout { .csv } else { .lines }
        let pool = WorkerPool(threads: max(1, workers))
        // The block being rated and its records; the next block is read into `upcoming` while it is.
        var records: [RecordSpan] = []
        var upcoming: [RecordSpan] = []
        var csv: CSVPlan?
        // Records of the blocks before: a line's number is its index + 1; a CSV row's its index (the header is 0).
        var recordsBefore = 0
        // Lines are checked for UTF-8 a whole block at once, as it is read (where each was checked on its own,
        // the check touched the block again from the rating threads: 8 % of a profile); a CSV file's texts
        // field by field, where they are rated. Line breaks are ASCII: a block holds UTF-8 just when its lines do.
        let checksBlocks = if case .lines = layout { true } else { false }
        func nextBlock(into records: inout [RecordSpan]) throws(BatchError) -> (bytes: UnsafeBufferPointer<UInt8>, firstInvalid: Int?)? {
            guard let block = try reader.nextBlock(framing: framing, into: &records) else { return nil }
            return (block, checksBlocks ? UTF8Validation.firstInvalidOffset(in: block) : nil)
        }
        var block = try nextBlock(into: &records)
        while let (current, firstInvalid) = block {
            var rated = records[...]
            if case .csv(let textColumn, let delimiter, let ratingColumns) = layout, csv == nil, let header = rated.first {
                let headerBytes = UnsafeBufferPointer(rebasing: current[header.start..<header.end])
                let plan = try CSVPlan(header: headerBytes, textColumn: textColumn, delimiter: delimiter)
                try plan.writeHeader(headerBytes, ratingColumns: ratingColumns, to: output)
                csv = plan
                rated = rated.dropFirst()
            }
            let numbering = recordsBefore + (csv == nil ? 1 : 0)
            var next: Result<(bytes: UnsafeBufferPointer<UInt8>, firstInvalid: Int?)?, BatchError> = .success(nil)
            let failure = pool.dispatch(rated) {
                next = Result { () throws(BatchError) in try nextBlock(into: &upcoming) }
            } _: { run, worker in
                worker.process(
                    run,
                    of: current,
                    firstInvalid: firstInvalid,
                    firstNumber: numbering + run.startIndex,
                    models: models,
                    layout: layout,
                    csv: csv
                )
            }
            try pool.write(to: output, upTo: failure?.worker)
            if let failure { throw failure.error }
            recordsBefore += records.count
            progress?(current.count)
            block = try next.get()
            swap(&records, &upcoming)
        }
        if case .csv = layout, csv == nil { throw .csv("the CSV file is empty; it needs a header line naming its columns") }
    }
}

/// The CSV input's shape, read from its header line.
struct CSVPlan: Sendable {
    /// The fields' separator.
    let fields: CSVFields
    /// Which field holds the text.
    let textIndex: Int
    /// The header's column names, trimmed.
    let columns: [String]

    init(header: UnsafeBufferPointer<UInt8>, textColumn: String, delimiter: UInt8?) throws(BatchError) {
        let header = Self.droppingByteOrderMark(header)
        fields = CSVFields(delimiter: delimiter ?? CSVFields.guessDelimiter(header: header))
        columns = fields.all(header).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let index = columns.firstIndex(of: textColumn) else {
            throw .csv("the CSV file has no column \"\(textColumn)\"; its columns are \(columns.joined(separator: ", "))")
        }
        textIndex = index
    }

    /// Writes the header with the rating columns added; refuses a rating column the file has already.
    func writeHeader(_ header: UnsafeBufferPointer<UInt8>, ratingColumns: [String], to output: OutputFile) throws(BatchError) {
        if let taken = ratingColumns.first(where: columns.contains) {
            throw .csv("the CSV file has a column \"\(taken)\" already; rating it again would write a second one")
        }
        var line = OutputBuffer()
        line.append(header)
        for column in ratingColumns {
            line.append(fields.delimiter)
            line.write(column)
        }
        line.append(UInt8(ascii: "\n"))
        try output.write(line)
    }

    private static func droppingByteOrderMark(_ header: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        header.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeBufferPointer(rebasing: header.dropFirst(3)) : header
    }
}
