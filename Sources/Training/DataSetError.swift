/// Why a data file cannot be used; each case reads as one line for the user.
public enum DataSetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The bytes are not UTF-8 text.
    case notUTF8(file: String)
    /// No header line.
    case empty(file: String)
    /// The CSV syntax is broken.
    case malformed(file: String, reason: String)
    /// A named column is not in the header.
    case missingColumn(file: String, column: String, columns: [String])
    /// A row's target is not a finite number.
    case badTarget(file: String, row: Int, column: String, value: String)
    /// The header is there but no row follows.
    case noRows(file: String)
    /// Too few rows for the requested number of folds.
    case tooFewRows(file: String, rows: Int, folds: Int)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot be read: \(reason)"
        case .notUTF8(let file): "\(file): is not UTF-8 text"
        case .empty(let file): "\(file): is empty; expected a CSV header line and rows"
        case .malformed(let file, let reason): "\(file): is not valid CSV: \(reason)"
        case .missingColumn(let file, let column, let columns):
            "\(file): has no column \"\(column)\"; its columns are: \(columns.map { "\"\($0)\"" }.joined(separator: ", "))"
        case .badTarget(let file, let row, let column, let value):
            "\(file): row \(row): \(column) \"\(value)\" is not a finite number"
        case .noRows(let file): "\(file): has a header but no rows"
        case .tooFewRows(let file, let rows, let folds): "\(file): has \(rows) rows; \(folds)-fold cross-validation needs at least \(folds)"
        }
    }
}
