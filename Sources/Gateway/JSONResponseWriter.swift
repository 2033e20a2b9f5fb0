import Hummingbird

/// Writes small JSON answers straight into a buffer: the prediction path's answer costs a few string
/// appends instead of a trip through `JSONEncoder`. Keys are written in sorted order, as the shared
/// encoder writes them, so that both produce the same bytes.
struct JSONResponseWriter {
    private var text = "{"

    /// Adds `"key":"value"`, escaping the value as JSON requires.
    mutating func add(_ key: StaticString, _ value: String) {
        separate(key)
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                text += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    /// Adds `"key":number`, in the shortest form that reads back as the same `Double`; `value` must be finite.
    mutating func add(_ key: StaticString, _ value: Double) {
        separate(key)
        text += value.description
    }

    /// The object's JSON text.
    var json: String { text + "}" }

    /// The answer: status 200 and the object as `application/json`.
    func response(status: HTTPResponse.Status = .ok) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(text)
        buffer.writeString("}")
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: buffer))
    }

    private mutating func separate(_ key: StaticString) {
        if text.utf8.count > 1 { text += "," }
        text += "\""
        text += key.description
        text += "\":"
    }
}
