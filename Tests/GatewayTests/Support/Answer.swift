import Foundation
import HTTPTypes
import Hummingbird

/// The gateway's answer as a test reads it: its status, its headers, and its body, read as the route's answer
/// (`value`) or as an error's (`error`). `body` keeps the bytes for the checks whose point they are (a field's
/// absence, which a decoded optional cannot tell from a null; key order; binary tensors).
struct Answer<Value: Decodable>: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer

    /// The body as the route's answer; throws when it is not one (an error's body, another shape).
    var value: Value {
        get throws { try decode(Value.self, from: body) }
    }

    /// The body as an error's `{"error": …}`; throws when it is not one.
    var error: ErrorBody {
        get throws { try decode(ErrorBody.self, from: body) }
    }
}

/// The JSON of `buffer` read as `Value` (the JSON part of a binary tensor answer, say).
func decode<Value: Decodable>(_ type: Value.Type, from buffer: ByteBuffer) throws -> Value {
    try JSONDecoder().decode(type, from: Data(buffer: buffer))
}

/// Every error's body: its message, and the models or versions there are when a name or version is unknown.
struct ErrorBody: Decodable, Sendable {
    var message: String
    var models: [String]?
    var versions: [String]?

    enum CodingKeys: String, CodingKey {
        case message = "error"
        case models, versions
    }
}
