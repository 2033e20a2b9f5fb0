import Foundation

extension PredictCommand.InputFormat {
    /// Every text of standard input in this format, read whole: a text a line, or a JSON string a line.
    func readStandardInput() throws -> [String] {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let texts = lines.last == "" ? Array(lines.dropLast()) : lines
        guard self == .jsonl else { return texts }
        return try texts.enumerated().map { index, line in
            guard let text = try? JSONDecoder().decode(String.self, from: Data(line.utf8)) else {
                throw BatchError.notJSONString(record: "line \(index + 1)")
            }
            return text
        }
    }
}
