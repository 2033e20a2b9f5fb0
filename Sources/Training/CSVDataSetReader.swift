import Foundation
import Registry
import SwiftCSV

/// Reads a ``DataSet`` from a CSV file with a header line: comma or semicolon separated, fields quoted as
/// RFC 4180 says (commas, doubled quotes and line breaks inside quotes).
public struct CSVDataSetReader: Sendable {
    /// The field separator.
    public enum Delimiter: String, Sendable, CaseIterable {
        /// Guess from the header line: the first separator outside quotes.
        case auto
        /// `,`
        case comma = ","
        /// `;`
        case semicolon = ";"
    }

    /// The column holding the texts.
    public var textColumn: String
    /// The column holding the ratings.
    public var targetColumn: String
    /// The field separator.
    public var delimiter: Delimiter

    /// Creates a reader.
    public init(textColumn: String = "text", targetColumn: String = "score", delimiter: Delimiter = .auto) {
        self.textColumn = textColumn
        self.targetColumn = targetColumn
        self.delimiter = delimiter
    }

    /// Reads the file at `url`.
    public func read(_ url: URL) throws(DataSetError) -> DataSet {
        let file = url.lastPathComponent
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            throw .unreadable(file: file, reason: error.localizedDescription)
        }
        return try read(bytes, file: file)
    }

    /// Reads CSV `bytes`; `file` names them in errors and in the data set.
    public func read(_ bytes: Data, file: String) throws(DataSetError) -> DataSet {
        guard var text = String(data: bytes, encoding: .utf8) else { throw .notUTF8(file: file) }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .empty(file: file) }

        let separator: CSVDelimiter =
            switch delimiter {
            case .auto: CSVDelimiter.guessed(string: text)
            case .comma: .comma
            case .semicolon: .semicolon
            }
        let table: CSV<Enumerated>
        do {
            table = try CSV<Enumerated>(string: text, delimiter: separator, loadColumns: false)
        } catch {
            throw .malformed(file: file, reason: "\(error)")
        }
        let header = table.header.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let textIndex = header.firstIndex(of: textColumn) else {
            throw .missingColumn(file: file, column: textColumn, columns: header)
        }
        guard let targetIndex = header.firstIndex(of: targetColumn) else {
            throw .missingColumn(file: file, column: targetColumn, columns: header)
        }

        var texts: [String] = []
        var targets: [Double] = []
        for (number, row) in table.rows.enumerated() where !row.allSatisfy({ $0.isEmpty }) {
            let field = targetIndex < row.count ? row[targetIndex].trimmingCharacters(in: .whitespaces) : ""
            guard let target = Self.number(field, decimalComma: separator != .comma), target.isFinite else {
                throw .badTarget(file: file, row: number + 1, column: targetColumn, value: field)
            }
            texts.append(textIndex < row.count ? row[textIndex] : "")
            targets.append(target)
        }
        guard !texts.isEmpty else { throw .noRows(file: file) }
        return DataSet(name: file, sha256: ContentDigest.sha256Hex(bytes), texts: texts, targets: targets)
    }

    /// `4.2`, or `4,2` where commas do not separate fields.
    private static func number(_ field: String, decimalComma: Bool) -> Double? {
        if let value = Double(field) { return value }
        guard decimalComma, field.filter({ $0 == "," }).count == 1 else { return nil }
        return Double(field.replacingOccurrences(of: ",", with: "."))
    }
}
