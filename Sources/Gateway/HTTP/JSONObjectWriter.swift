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

    /// Adds `"key":"value"`, or `"key":null` when `value` is nil.
    package mutating func add(optional key: StaticString, _ value: String?) {
        guard let value else {
            separate(key)
            buffer.writeStaticString("null")
            return
        }
        add(key, value)
    }

    /// Adds `"key":true` or `"key":false`.
    package mutating func add(_ key: StaticString, _ value: Bool) {
        separate(key)
        buffer.writeStaticString(value ? "true" : "false")
    }

    /// Adds `"key":integer`.
    package mutating func add(_ key: StaticString, _ value: Int) {
        separate(key)
        buffer.writeString(value.description)
    }

    /// Adds `"key":` and the value `write` writes into the buffer itself: arrays and objects written in place.
    package mutating func add(_ key: StaticString, writing write: (inout ByteBuffer) -> Void) {
        separate(key)
        write(&buffer)
    }

    /// Adds `"key":{…}`, the object `object` holds.
    package mutating func add(object key: StaticString, _ object: JSONObjectWriter) {
        separate(key)
        object.write(to: &buffer)
    }

    /// Writes the object, closed, at the end of `target`: an object among the values of another.
    package func write(to target: inout ByteBuffer) {
        var body = buffer
        target.writeBuffer(&body)
        target.writeInteger(UInt8(ascii: "}"))
    }

    /// Makes room for `bytes` more, for an answer whose size is known roughly beforehand.
    package mutating func reserve(_ bytes: Int) { buffer.reserveCapacity(minimumWritableBytes: bytes) }

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
        response(status: .ok, headers: [.contentType: .jsonContentType])
    }

    /// The answer: the object, with `status` and `headers` (which name its content type).
    package func response(status: HTTPResponse.Status, headers: HTTPFields) -> Response {
        var body = buffer
        body.writeInteger(UInt8(ascii: "}"))
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// `value` as a JSON string: copied whole when nothing needs escaping.
    private mutating func writeString(_ value: String) { Self.write(string: value, to: &buffer) }

    /// Writes `value` into `buffer` as a JSON string, escaped as JSON requires: for values written in place.
    package static func write(string value: String, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        if value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            writeEscaped(value, to: &buffer)
        } else {
            buffer.writeString(value)
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    private static func writeEscaped(_ value: String, to buffer: inout ByteBuffer) {
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
