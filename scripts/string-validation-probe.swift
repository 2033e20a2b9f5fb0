// How long making Strings of checked UTF-8 takes, the way the JSON parser reads an artifact's vocabulary:
// every term of a model artifact (default models/tr.json, 51 614 terms) through `String(validating:as:)`
// and through `UTF8Span(validating:)` + `String(copying:)`; prints the fastest of 15 passes of each.
//   swiftc -O scripts/string-validation-probe.swift -o /tmp/svp && /tmp/svp [models/tr.json]
import Foundation

let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "models/tr.json"
let artifact = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
let terms = (artifact["vectorizer"] as! [String: Any])["vocabulary"] as! [String]
var bytes: [UInt8] = []
var ranges: [Range<Int>] = []
for term in terms {
    ranges.append(bytes.count..<bytes.count + term.utf8.count)
    bytes += term.utf8
}

func fastest(_ name: String, _ makeStrings: (UnsafeBufferPointer<UInt8>) -> Int) {
    var best = UInt64.max
    var checksum = 0
    bytes.withUnsafeBufferPointer { all in
        for _ in 0..<15 {
            let start = DispatchTime.now().uptimeNanoseconds
            checksum &+= makeStrings(all)
            best = min(best, DispatchTime.now().uptimeNanoseconds - start)
        }
    }
    print("\(name): \(String(format: "%.2f", Double(best) / 1e6)) ms for \(terms.count) terms (checksum \(checksum))")
}

fastest("String(validating:as:)") { all in
    var total = 0
    for range in ranges { total &+= String(validating: UnsafeBufferPointer(rebasing: all[range]), as: UTF8.self)!.utf8.count }
    return total
}
fastest("UTF8Span(validating:) + String(copying:)") { all in
    var total = 0
    for range in ranges { total &+= String(copying: try! UTF8Span(validating: UnsafeBufferPointer(rebasing: all[range]).span)).utf8.count }
    return total
}
