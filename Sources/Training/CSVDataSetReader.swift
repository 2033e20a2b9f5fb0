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
        let (bytes, file) = try Self.contents(of: url)
        return try read(bytes, file: file)
    }

    /// Reads CSV `bytes`; `file` names them in errors and in the data set.
    public func read(_ bytes: Data, file: String) throws(DataSetError) -> DataSet {
        let table = try parse(bytes, file: file)
        guard let targetIndex = table.header.firstIndex(of: targetColumn) else {
            throw .missingColumn(file: file, column: targetColumn, columns: table.header)
        }
        var texts: [String] = []
        var targets: [Double] = []
        for (number, row) in table.rows {
            let field = targetIndex < row.count ? row[targetIndex].trimmingCharacters(in: .whitespaces) : ""
            guard let target = Self.number(field, decimalComma: table.separator != .comma), target.isFinite else {
                throw .badTarget(file: file, row: number, column: targetColumn, value: field)
            }
            texts.append(table.text(of: row))
            targets.append(target)
        }
        return DataSet(name: file, sha256: ContentDigest.sha256Hex(bytes), texts: texts, targets: targets)
    }

    /// Reads only the text column of the file at `url`: texts to rate or send, no ratings needed.
    public func readTexts(_ url: URL) throws(DataSetError) -> [String] {
        let (bytes, file) = try Self.contents(of: url)
        let table = try parse(bytes, file: file)
        return table.rows.map { table.text(of: $0.fields) }
    }

    private static func contents(of url: URL) throws(DataSetError) -> (Data, String) {
        do {
            return (try Data(contentsOf: url), url.lastPathComponent)
        } catch {
            throw .unreadable(file: url.lastPathComponent, reason: error.localizedDescription)
        }
    }

    /// The header and the non-blank rows (numbered from 1) of CSV `bytes`, which must have the text column.
    private func parse(_ bytes: Data, file: String) throws(DataSetError) -> ParsedTable {
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
        let rows = table.rows.enumerated().filter { !$0.element.allSatisfy(\.isEmpty) }.map { (number: $0.offset + 1, fields: $0.element) }
        guard !rows.isEmpty else { throw .noRows(file: file) }
        return ParsedTable(header: header, rows: rows, separator: separator, textIndex: textIndex)
    }

    private struct ParsedTable {
        var header: [String]
        var rows: [(number: Int, fields: [String])]
        var separator: CSVDelimiter
        var textIndex: Int

        func text(of row: [String]) -> String { textIndex < row.count ? row[textIndex] : "" }
    }

    /// `4.2`, or `4,2` where commas do not separate fields.
    private static func number(_ field: String, decimalComma: Bool) -> Double? {
        if let value = Double(field) { return value }
        guard decimalComma, field.filter({ $0 == "," }).count == 1 else { return nil }
        return Double(field.replacingOccurrences(of: ",", with: "."))
    }
}
