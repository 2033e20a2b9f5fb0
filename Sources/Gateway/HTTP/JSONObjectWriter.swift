import HTTPTypes
import Hummingbird

/// Writes small JSON objects straight into a buffer: the prediction path's answer costs a few byte copies
/// instead of a trip through `JSONEncoder`, and a JSON log line a few more. Answers add their keys in
/// sorted order, as the shared encoder writes them, so that both produce the same bytes.
package struct JSONObjectWriter {
    private var buffer: ByteBuffer = {
        var buffer = ByteBufferAllocator().buffer(capacity: 128)
        buffer.writeInteger(UInt8(ascii: "{"))
        return buffer
    }()

    /// An empty object.
    package init() {}

    /// Adds `"key":"value"`, escaping the value as JSON requires; a value with nothing to escape is copied whole.
    package mutating func add(_ key: StaticString, _ value: String) {
        separate(key)
        writeString(value)
    }

    /// Adds `"key":"value"` for a key known only at run time, escaping both.
    package mutating func add(dynamicKey key: String, _ value: String) {
        if buffer.readableBytes > 1 { buffer.writeInteger(UInt8(ascii: ",")) }
        writeString(key)
        buffer.writeInteger(UInt8(ascii: ":"))
        writeString(value)
    }

    /// Adds `"key":number` for a key known only at run time; `value` must be finite.
    package mutating func add(dynamicKey key: String, _ value: Double) { add(dynamicKey: key, number: value.description) }

    /// Adds `"key":integer` for a key known only at run time.
    package mutating func add(dynamicKey key: String, _ value: Int) { add(dynamicKey: key, number: value.description) }

    private mutating func add(dynamicKey key: String, number: String) {
        if buffer.readableBytes > 1 { buffer.writeInteger(UInt8(ascii: ",")) }
        writeString(key)
        buffer.writeInteger(UInt8(ascii: ":"))
        buffer.writeString(number)
    }

    /// Adds `"key":number`, in the shortest form that reads back as the same `Double`; `value` must be finite.
    package mutating func add(_ key: StaticString, _ value: Double) {
        separate(key)
        buffer.writeString(value.description)
    }

    /// Adds `"key":[numbers]`, each as ``add(_:_:)-(_,Double)`` writes one; every value must be finite.
    package mutating func add(_ key: StaticString, _ values: [Double]) {
        separate(key)
        buffer.writeInteger(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            buffer.writeString(value.description)
        }
        buffer.writeInteger(UInt8(ascii: "]"))
    }

    /// The object's JSON text.
    package var json: String { String(buffer: buffer) + "}" }

    /// The object's JSON text and a newline: a line of JSON Lines.
    package var line: ByteBuffer {
        var line = buffer
        line.writeStaticString("}\n")
        return line
    }

    /// The answer: status 200 and the object as `application/json`.
    package func response() -> Response {
        var body = buffer
        body.writeInteger(UInt8(ascii: "}"))
        return Response(status: .ok, headers: [.contentType: .jsonContentType], body: ResponseBody(byteBuffer: body))
    }

    /// `value` as a JSON string: copied whole when nothing needs escaping.
    private mutating func writeString(_ value: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        if value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            writeEscaped(value)
        } else {
            buffer.writeString(value)
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    private mutating func writeEscaped(_ value: String) {
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": buffer.writeStaticString("\\\"")
            case "\\": buffer.writeStaticString("\\\\")
            case "\n": buffer.writeStaticString("\\n")
            case "\r": buffer.writeStaticString("\\r")
            case "\t": buffer.writeStaticString("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                buffer.writeString("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: buffer.writeString(String(scalar))
            }
        }
    }

    private mutating func separate(_ key: StaticString) {
        if buffer.readableBytes > 1 { buffer.writeInteger(UInt8(ascii: ",")) }
        buffer.writeInteger(UInt8(ascii: "\""))
        buffer.writeStaticString(key)
        buffer.writeStaticString("\":")
    }
}

extension String {
    /// The `Content-Type` of every JSON answer.
    package static let jsonContentType = "application/json; charset=utf-8"
}
