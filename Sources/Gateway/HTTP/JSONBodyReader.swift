import Hummingbird
import Registry

/// Reads a request body as a JSON object, enforcing the size limit on the bytes that arrive (chunked
/// or not) as well as on a declared `Content-Length`, and a time limit on their arrival: a body trickled
/// in slowly (slowloris) is answered 408 when the limit passes, instead of holding the connection.
struct JSONBodyReader: Sendable {
    /// Largest body accepted, in bytes.
    let maxBytes: Int
    /// How long the body may take to arrive, from the start of reading.
    var timeout: Duration = .seconds(10)

    /// The body's JSON object, or the error that says what is wrong with it.
    func object(from request: Request) async throws(GatewayError) -> [String: JSONValue] {
        try checkContentType(request.headers.combinedValue(.contentType))
        return try Self.object(in: try await bytes(of: request))
    }

    /// What a body that is valid JSON but no object is told.
    static let notAnObject = "the body must be a JSON object"

    /// The JSON object `buffer` holds; valid JSON of another type is 422 (valid JSON of the wrong shape).
    static func object(in buffer: ByteBuffer) throws(GatewayError) -> [String: JSONValue] {
        guard case .object(let object) = try value(in: buffer) else { throw .invalidField(notAnObject) }
        return object
    }

    /// The JSON value `buffer` holds, whatever its type.
    static func value(in buffer: ByteBuffer) throws(GatewayError) -> JSONValue {
        guard buffer.readableBytes > 0 else { throw .malformedJSON("the body is empty") }
        do {
            return try buffer.withUnsafeReadableBytes { bytes throws(JSONSyntaxError) in try JSONValue(parsing: bytes, keepingHugeNumbers: true) }
        } catch {
            throw error.kind == .invalidUTF8 ? .invalidUTF8 : .malformedJSON(error.description)
        }
    }

    /// The body's bytes, whatever they are: a declared `Content-Length` over the limit is refused before
    /// reading; then the bytes are checked against the size limit as they arrive and against the deadline
    /// after each part (a body that stops arriving altogether is closed by the server's idle timeout).
    func bytes(of request: Request) async throws(GatewayError) -> ByteBuffer {
        if let declared = request.headers.combinedValue(.contentLength).flatMap(Int.init), declared > maxBytes {
            throw .bodyTooLarge(limit: maxBytes)
        }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var collected: ByteBuffer?
        do {
            for try await part in request.body {
                guard (collected?.readableBytes ?? 0) + part.readableBytes <= maxBytes else { throw GatewayError.bodyTooLarge(limit: maxBytes) }
                if collected == nil {
                    collected = part
                } else {
                    collected!.writeImmutableBuffer(part)
                }
                guard ContinuousClock.now < deadline else { throw GatewayError.requestTimeout(seconds: timeout.seconds) }
            }
        } catch let error as GatewayError {
            throw error
        } catch {
            throw .malformedJSON("the body could not be read")
        }
        return collected ?? ByteBuffer()
    }

    /// No Content-Type is taken as JSON (as curl users expect); a declared one must be JSON.
    func checkContentType(_ value: String?) throws(GatewayError) {
        guard let value, value != "application/json" else { return }
        let mediaType = value.split(separator: ";", maxSplits: 1).first.flatMap { String($0).trimmingHorizontalSpace()?.lowercased() } ?? ""
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json")) else {
            throw .unsupportedMediaType(value)
        }
    }
}

extension Duration {
    /// The duration in seconds, fractions included.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
