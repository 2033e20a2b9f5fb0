// The vectorizer's data-set pass, timed: every joke of a CSV through `TfidfVectorizer.withFeatures` with a
// model artifact's vocabulary, `passes` times; prints the fastest and the median pass (ms), the bytes and the
// features per pass, and the number of texts. Compiled together with `Sources/TextFeatures` by
// scripts/vectorize-ab.sh (one module, whole-module optimised, as the release build), so that two revisions
// of the hot path can be timed in alternation. Public API only, so older revisions build.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 4, let passes = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: vectorize-probe MODEL.json DATA.csv PASSES\n".utf8))
    exit(2)
}

/// The `text` column of an RFC 4180 CSV file with a header row.
func texts(inCSV path: String) -> [String] {
    let bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
    var rows: [[String]] = []
    var row: [String] = []
    var field: [UInt8] = []
    var quoted = false
    var index = 0
    while index < bytes.count {
        let byte = bytes[index]
        if quoted {
            if byte == UInt8(ascii: "\""), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                field.append(byte)
                index += 1
            } else if byte == UInt8(ascii: "\"") {
                quoted = false
            } else {
                field.append(byte)
            }
        } else if byte == UInt8(ascii: "\"") {
            quoted = true
        } else if byte == UInt8(ascii: ",") {
            row.append(String(decoding: field, as: UTF8.self))
            field = []
        } else if byte == UInt8(ascii: "\n") {
            row.append(String(decoding: field, as: UTF8.self))
            rows.append(row)
            (row, field) = ([], [])
        } else if byte != UInt8(ascii: "\r") {
            field.append(byte)
        }
        index += 1
    }
    if !field.isEmpty || !row.isEmpty { rows.append(row + [String(decoding: field, as: UTF8.self)]) }
    guard let column = rows.first?.firstIndex(of: "text") else { return [] }
    return rows.dropFirst().compactMap { $0.indices.contains(column) ? $0[column] : nil }
}

let artifact = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: arguments[1]))) as! [String: Any]
let section = artifact["vectorizer"] as! [String: Any]
let range = section["ngramRange"] as! [Int]
let analyzer: TfidfSettings.Analyzer = ["word": .word, "char": .char, "char_wb": .charWB][section["analyzer"] as! String]!
let settings = TfidfSettings(analyzer: analyzer, ngramRange: range[0]...range[1])
let vectorizer = try TfidfVectorizer(settings: settings, vocabulary: section["vocabulary"] as! [String], idf: section["idf"] as? [Double])
let jokes = texts(inCSV: arguments[2])
let byteCount = jokes.reduce(0) { $0 + $1.utf8.count }

/// The timed passes, in a function of their own: `MEASURE=instructions scripts/vectorize-ab.sh` counts
/// the instructions inside it alone.
@inline(never)
func timedPasses(_ passes: Int, over jokes: [String]) -> (durations: [UInt64], checksum: Int) {
    var durations: [UInt64] = []
    var checksum = 0
    for _ in 0..<passes {
        let start = DispatchTime.now().uptimeNanoseconds
        for joke in jokes { checksum &+= vectorizer.withFeatures(of: joke) { $0.nonZeroCount } }
        durations.append(DispatchTime.now().uptimeNanoseconds - start)
    }
    return (durations, checksum)
}

// One pass untimed first: the work done once per process (tables built on first use, scratch memory grown).
for joke in jokes { _ = vectorizer.withFeatures(of: joke) { $0.nonZeroCount } }
var (durations, checksum) = timedPasses(passes, over: jokes)
durations.sort()
let (fastest, median) = (Double(durations[0]) / 1e6, Double(durations[durations.count / 2]) / 1e6)
print(String(format: "%.3f %.3f %d %d %d", fastest, median, byteCount, checksum / passes, jokes.count))
