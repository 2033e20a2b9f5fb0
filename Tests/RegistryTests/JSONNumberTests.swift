import Registry
import Testing
import Training

/// Numbers read from their digits (`DecimalLiteral`'s one-operation path) must be the very doubles the
/// standard library's correctly rounded conversion gives, and the rest must still reach that conversion.
@Suite struct JSONNumberTests {
    private func parsed(_ text: String) throws -> Double {
        let value = try Array(text.utf8).withUnsafeBytes { bytes throws(JSONSyntaxError) in try JSONValue(parsing: bytes) }
        guard case .number(let number) = value else {
            Issue.record("\(text) was read as \(value)")
            return .nan
        }
        return number
    }

    private func expectStandardDouble(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let expected = Double(text) else {
            Issue.record("the test's own \(text) is not a double", sourceLocation: sourceLocation)
            return
        }
        let actual = try parsed(text)
        #expect(actual.bitPattern == expected.bitPattern, "\(text): \(actual) instead of \(expected)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        "0", "-0", "-0.0", "0.0", "0e5", "-0e-5", "1", "-1", "10", "1E+2", "1e-2", "1.5e3",
        "9007199254740992", "9007199254740993", "-9007199254740993", "9007199254740991.5",
        "1e22", "1e23", "1e-22", "1e-23", "4503599627370497e22", "123456789012345678901234567890",
        "18446744073709551615", "18446744073709551616", "0.1", "0.2", "0.30000000000000004", "0.000000000000000000000000000001",
        "7.215607598755275", "2.1401999999999997", "0.03129244688898325", "5e-324", "4.9406564584124654e-324",
        "2.2250738585072014e-308", "1.7976931348623157e308", "1e-400", "0.0000000000000000000000000001e28",
        "100000000000000000000000e-23", "0.0000000000000000000000012345", "1e-99999999999999999999999", "0e99999999999999999999",
    ])
    func edgesAreTheStandardLibrarysDoubles(text: String) throws {
        try expectStandardDouble(text)
    }

    @Test func shortestDescriptionsOfRandomDoublesReadBack() throws {
        var generator = SplitMix64(seed: 53)
        for _ in 0..<20_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            let text = "\(value)"
            try expectStandardDouble(text)
            #expect(try parsed(text).bitPattern == value.bitPattern)
        }
    }

    @Test func decimalsOfEveryLengthAndScaleAgree() throws {
        var generator = SplitMix64(seed: 22)
        for _ in 0..<20_000 {
            let digitCount = Int(generator.next() % 24) + 1
            var digits = ""
            for _ in 0..<digitCount { digits.append(Character(Unicode.Scalar(UInt8(ascii: "0") + UInt8(generator.next() % 10)))) }
            let point = Int(generator.next() % UInt64(digitCount + 1))
            var text = point == digitCount ? digits : "\(digits.prefix(max(point, 1))).\(digits.dropFirst(max(point, 1)))"
            if text.hasSuffix(".") { text.removeLast() }
            if text.count > 1, text.first == "0", text.dropFirst().first != "." { text = "1" + text.dropFirst() }
            if generator.next() % 2 == 0 { text += "e\(Int(generator.next() % 61) - 30)" }
            if generator.next() % 2 == 0 { text = "-" + text }
            try expectStandardDouble(text)
        }
    }
}
