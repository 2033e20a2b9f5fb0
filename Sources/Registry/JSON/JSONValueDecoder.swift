/// Decodes `Decodable` types from a parsed ``JSONValue``: how artifacts are read, parsed once by the same
/// parser as request bodies, then decoded section by section.
///
/// Errors are the standard library's `DecodingError`s with the coding path of the field at fault, as
/// Foundation's `JSONDecoder` throws them. Arrays of numbers, integers and strings are decoded in one loop
/// each, without a container per element: an artifact holds hundreds of thousands of them.
public enum JSONValueDecoder {
    /// `T` decoded from `value`.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONValueDecoding(value: value, codingPath: []).unwrap(type)
    }
}

/// The `Decoder` for one value and its place in the document.
final class JSONValueDecoding: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(value: JSONValue, codingPath: [any CodingKey]) {
        self.value = value
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw Self.mismatchOrNull([String: Any].self, value, at: codingPath) }
        return KeyedDecodingContainer(JSONValueKeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw Self.mismatchOrNull([Any].self, value, at: codingPath) }
        return JSONValueUnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    /// `T` from this decoder's value: the scalar and array fast paths, else `T`'s own `init(from:)`.
    func unwrap<T: Decodable>(_ type: T.Type) throws -> T {
        if let scalar = try Self.scalar(type, from: value, at: codingPath) { return scalar }
        if T.self == [Double].self { return try array(of: Double.self) as! T }
        if T.self == [Int].self { return try array(of: Int.self) as! T }
        if T.self == [String].self { return try array(of: String.self) as! T }
        if T.self == JSONValue.self { return value as! T }
        return try T(from: self)
    }

    private func array<Element: Decodable>(of type: Element.Type) throws -> [Element] {
        guard case .array(let elements) = value else { throw Self.mismatchOrNull([Any].self, value, at: codingPath) }
        var result: [Element] = []
        result.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard let scalar = try Self.scalar(type, from: element, at: self.codingPath + [JSONIndexKey(index)]) else {
                preconditionFailure("\(Element.self) has no scalar decoding")
            }
            result.append(scalar)
        }
        return result
    }

    /// `T` from `value` when `T` is a JSON scalar type (Bool, String, a floating-point or integer type); nil otherwise.
    /// The path is made only for an error: arrays of numbers decode without an allocation per element.
    static func scalar<T>(_ type: T.Type, from value: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> T? {
        switch type {
        case is Double.Type: return try double(from: value, at: path()) as? T
        case is Float.Type: return Float(try double(from: value, at: path())) as? T
        case is String.Type:
            guard case .string(let text) = value else { throw mismatchOrNull(String.self, value, at: path()) }
            return text as? T
        case is Bool.Type:
            guard case .bool(let flag) = value else { throw mismatchOrNull(Bool.self, value, at: path()) }
            return flag as? T
        case let integer as any FixedWidthInteger.Type: return try Self.integer(integer, from: value, at: path()) as? T
        default: return nil
        }
    }

    /// A number, or a non-finite one spelled as Python's `json` and Foundation's `convertFromString` do.
    private static func double(from value: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> Double {
        switch value {
        case .number(let number): return number
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: throw mismatchOrNull(Double.self, value, at: path())
        }
    }

    private static func integer<I: FixedWidthInteger>(_ type: I.Type, from value: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> I
    {
        guard case .number(let number) = value else { throw mismatchOrNull(I.self, value, at: path()) }
        guard let integer = I(exactly: number) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "the number \(number) does not fit in \(I.self)"))
        }
        return integer
    }

    /// The error for `value` where a `type` was expected: null is a missing value, anything else a mismatch.
    static func mismatchOrNull(_ type: Any.Type, _ value: JSONValue, at path: [any CodingKey]) -> DecodingError {
        value == .null
            ? .valueNotFound(type, .init(codingPath: path, debugDescription: "expected \(type), found null"))
            : .typeMismatch(type, .init(codingPath: path, debugDescription: "expected \(type)"))
    }
}

/// An array position in a coding path, spelled as Foundation spells it (`Index 3`).
struct JSONIndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }

    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

extension JSONValueDecoding: SingleValueDecodingContainer {
    func decodeNil() -> Bool { value == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try unwrap(type) }
    func decode(_ type: Bool.Type) throws -> Bool { try unwrap(type) }
    func decode(_ type: String.Type) throws -> String { try unwrap(type) }
    func decode(_ type: Double.Type) throws -> Double { try unwrap(type) }
    func decode(_ type: Float.Type) throws -> Float { try unwrap(type) }
    func decode(_ type: Int.Type) throws -> Int { try unwrap(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try unwrap(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try unwrap(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try unwrap(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try unwrap(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try unwrap(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try unwrap(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try unwrap(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try unwrap(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try unwrap(type) }
}
