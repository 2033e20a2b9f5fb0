import Hummingbird
import Registry

/// Reads a request body as a JSON object, enforcing the size limit on the bytes that arrive (chunked
/// or not) as well as on a declared `Content-Length`.
struct JSONBodyReader: Sendable {
    /// Largest body accepted, in bytes.
    let maxBytes: Int

    /// The body's JSON object, or the error that says what is wrong with it.
    func object(from request: inout Request) async throws(GatewayError) -> [String: JSONValue] {
        try checkContentType(request.headers.combinedValue(.contentType))
        if let declared = request.headers.combinedValue(.contentLength).flatMap(Int.init), declared > maxBytes {
            throw .bodyTooLarge(limit: maxBytes)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw .bodyTooLarge(limit: maxBytes)
        } catch {
            throw .malformedJSON("the body could not be read")
        }
        guard buffer.readableBytes > 0 else { throw .malformedJSON("the body is empty") }
        let value: JSONValue
        do {
            value = try buffer.withUnsafeReadableBytes { bytes throws(JSONSyntaxError) in try JSONValue(parsing: bytes) }
        } catch {
            throw error.kind == .invalidUTF8 ? .invalidUTF8 : .malformedJSON(error.description)
        }
        guard case .object(let object) = value else { throw .invalidField("the body must be a JSON object") }
        return object
    }

    /// No Content-Type is taken as JSON (as curl users expect); a declared one must be JSON.
    private func checkContentType(_ value: String?) throws(GatewayError) {
        guard let value, value != "application/json" else { return }
        let mediaType = value.split(separator: ";", maxSplits: 1).first.flatMap { String($0).trimmingHorizontalSpace()?.lowercased() } ?? ""
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json")) else {
            throw .unsupportedMediaType(value)
        }
    }
}
