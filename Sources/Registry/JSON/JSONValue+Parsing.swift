/// Why bytes are not a JSON document: where and what, or invalid UTF-8 inside a string.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of fault.
    public enum Kind: Sendable, Equatable {
        /// The bytes break JSON's grammar (RFC 8259).
        case syntax
        /// A string holds bytes that are not UTF-8.
        case invalidUTF8
    }

    /// What kind of fault.
    public var kind: Kind
    /// Byte offset of the fault.
    public var offset: Int
    /// What is wrong.
    public var reason: String

    public var description: String { "\(reason) at byte \(offset)" }
}

extension JSONValue {
    /// Containers nested deeper than this are refused, so that hostile input cannot exhaust the stack.
    public static let maximumDepth = 128

    /// Parses one JSON document (RFC 8259) from UTF-8 `bytes`: what request bodies are read with.
    ///
    /// Strict: no comments, trailing commas or bare words; numbers must be finite doubles; a repeated key
    /// keeps its last value, as Python's `json` does. With `allowingNonFiniteNumbers`, the bare words `NaN`,
    /// `Infinity` and `-Infinity` that Python's `json` writes are numbers too (artifacts are read so, to
    /// reach the finiteness check that names the field). With `keepingHugeNumbers`, a number too large for a
    /// double (valid JSON, such as `1e999999`) is read as an infinity instead of refused, so that a request
    /// holding one is answered as valid JSON of the wrong shape.
    public init(
        parsing bytes: UnsafeRawBufferPointer,
        allowingNonFiniteNumbers: Bool = false,
        keepingHugeNumbers: Bool = false
    ) throws(JSONSyntaxError) {
        var parser = JSONParser(bytes: bytes, allowsNonFiniteNumbers: allowingNonFiniteNumbers, keepsHugeNumbers: keepingHugeNumbers)
        parser.skipWhitespace()
        self = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("unexpected text after the JSON value") }
    }
}

/// A recursive-descent JSON parser over raw bytes.
private struct JSONParser {
    let bytes: UnsafeRawBufferPointer
    let allowsNonFiniteNumbers: Bool
    let keepsHugeNumbers: Bool
    var position = 0

    init(bytes: UnsafeRawBufferPointer, allowsNonFiniteNumbers: Bool, keepsHugeNumbers: Bool) {
        self.bytes = bytes
        self.allowsNonFiniteNumbers = allowsNonFiniteNumbers
        self.keepsHugeNumbers = keepsHugeNumbers
    }

    func error(_ reason: String, kind: JSONSyntaxError.Kind = .syntax) -> JSONSyntaxError {
        JSONSyntaxError(kind: kind, offset: position, reason: reason)
    }

    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard let byte = current else { throw error("unexpected end of the document") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case UInt8(ascii: "N") where allowsNonFiniteNumbers:
            try literal("NaN")
            return .number(.nan)
        case UInt8(ascii: "I") where allowsNonFiniteNumbers:
            try literal("Infinity")
            return .number(.infinity)
        default: throw error("unexpected character \(Self.describe(byte))")
        }
    }

    mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= JSONValue.maximumDepth else { throw error("containers nest deeper than \(JSONValue.maximumDepth) levels") }
        position += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            return .object([:])
        }
        // Room for the few members of a request's body at once: an empty one grew, and reallocated, member by member.
        var members = [String: JSONValue](minimumCapacity: 4)
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try string()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
            position += 1
            skipWhitespace()
            members[key] = try value(depth: depth)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ",")?: position += 1
            case UInt8(ascii: "}")?:
                position += 1
                return .object(members)
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= JSONValue.maximumDepth else { throw error("containers nest deeper than \(JSONValue.maximumDepth) levels") }
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try value(depth: depth))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ",")?: position += 1
            case UInt8(ascii: "]")?:
                position += 1
                return .array(elements)
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count, memcmpEqual(word, at: position) else { throw error("unexpected word") }
        position += count
    }

    private func memcmpEqual(_ word: StaticString, at offset: Int) -> Bool {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for index in 0..<expected.count where bytes[offset + index] != expected[index] { return false }
        return true
    }

    /// A number's value: exactly, from its digits, where one IEEE operation gives it (`DecimalLiteral`);
    /// otherwise by the standard library's correctly rounded conversion of its text.
    mutating func number() throws(JSONSyntaxError) -> Double {
        let start = position
        let negative = current == UInt8(ascii: "-")
        if negative { position += 1 }
        if allowsNonFiniteNumbers && current == UInt8(ascii: "I") {
            try literal("Infinity")
            return -.infinity
        }
        guard let first = current, Self.isDigit(first) else { throw error("a number needs a digit") }
        var literal = DecimalLiteral()
        position += 1
        literal.append(digit: first, isFraction: false)
        if first != UInt8(ascii: "0") { readDigits(into: &literal, isFraction: false) }
        if current == UInt8(ascii: ".") {
            position += 1
            guard let digit = current, Self.isDigit(digit) else { throw error("a fraction needs a digit") }
            readDigits(into: &literal, isFraction: true)
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            let negativePower = current == UInt8(ascii: "-")
            if negativePower || current == UInt8(ascii: "+") { position += 1 }
            guard let digit = current, Self.isDigit(digit) else { throw error("an exponent needs a digit") }
            var power = 0
            // Clamped far past any double's range (which only the general conversion reaches), so that no
            // count of digits overflows it.
            while let byte = current, Self.isDigit(byte) {
                power = min(power * 10 + Int(byte - UInt8(ascii: "0")), 1_000_000)
                position += 1
            }
            literal.scale(byPowerOfTen: negativePower ? -power : power)
        }
        if let value = literal.exactValue(negative: negative) { return value }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite || keepsHugeNumbers else {
            position = start
            throw error("the number \(text) is out of range")
        }
        return value
    }

    mutating func readDigits(into literal: inout DecimalLiteral, isFraction: Bool) {
        while let byte = current, Self.isDigit(byte) {
            literal.append(digit: byte, isFraction: isFraction)
            position += 1
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// A string's value; runs without escapes are copied as they are, after checking they are UTF-8.
    mutating func string() throws(JSONSyntaxError) -> String {
        position += 1
        var result = ""
        var runStart = position
        while true {
            guard let byte = current else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                try appendRun(from: runStart, to: &result)
                position += 1
                return result
            case UInt8(ascii: "\\"):
                try appendRun(from: runStart, to: &result)
                position += 1
                result.unicodeScalars.append(try escape())
                runStart = position
            case 0..<0x20:
                throw error("control character \(Self.describe(byte)) in a string; escape it")
            default:
                position += 1
            }
        }
    }

    private func appendRun(from start: Int, to result: inout String) throws(JSONSyntaxError) {
        guard start < position else { return }
        let run = UnsafeRawBufferPointer(rebasing: bytes[start..<position]).assumingMemoryBound(to: UInt8.self)
        let text: String
        if #available(macOS 26, *) {
            // A quarter of `String(validating:as:)`'s time over an artifact's terms, and the error says
            // where the fault is (`scripts/string-validation-probe.swift`).
            do {
                text = String(copying: try UTF8Span(validating: run.span))
            } catch {
                throw JSONSyntaxError(kind: .invalidUTF8, offset: start + error.byteOffsets.lowerBound, reason: "a string is not valid UTF-8")
            }
        } else {
            guard let validated = String(validating: run, as: UTF8.self) else {
                throw JSONSyntaxError(kind: .invalidUTF8, offset: start, reason: "a string is not valid UTF-8")
            }
            text = validated
        }
        if result.isEmpty { result = text } else { result += text }
    }

    /// The scalar of the escape after a backslash.
    mutating func escape() throws(JSONSyntaxError) -> Unicode.Scalar {
        guard let byte = current else { throw error("unterminated escape") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hexUnit()
            if (0xD800..<0xDC00).contains(unit) {
                guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                    throw error("a high surrogate \\u\(String(unit, radix: 16)) must be followed by a low one")
                }
                position += 2
                let low = try hexUnit()
                guard (0xDC00..<0xE000).contains(low) else { throw error("\\u\(String(low, radix: 16)) is not a low surrogate") }
                return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(unit) else { throw error("a lone low surrogate \\u\(String(unit, radix: 16))") }
            return scalar
        default:
            position -= 1
            throw error("unknown escape \\\(Self.describe(byte))")
        }
    }

    mutating func hexUnit() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("\\u needs four hex digits") }
        var unit: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("\\u needs four hex digits")
            }
            unit = unit << 4 | UInt32(digit)
            position += 1
        }
        return unit
    }

    static func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16, uppercase: true)
    }
}
