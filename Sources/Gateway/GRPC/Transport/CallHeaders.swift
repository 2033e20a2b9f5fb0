import Foundation
import GRPCCore
import NIOHPACK

/// gRPC's use of HTTP/2 headers (the protocol's `PROTOCOL-HTTP2.md`): a call's request headers read into its method
/// and metadata, and the headers and trailers of its answer.
package enum CallHeaders {
    /// A request's method and metadata, or the status that refuses it before it runs.
    package enum Request {
        case call(MethodDescriptor, Metadata)
        case refused(Status)
    }

    /// Reads `headers`: a POST of `application/grpc` to `/service/method`, its messages uncompressed; every other
    /// header (`grpc-timeout` among them) becomes metadata, `-bin` ones decoded from base64.
    package static func request(_ headers: HPACKHeaders) -> Request {
        guard headers.first(name: ":method") == "POST" else { return .refused(Status(code: .unimplemented, message: "gRPC calls are POSTs")) }
        guard let contentType = headers.first(name: "content-type"), contentType.hasPrefix("application/grpc") else {
            return .refused(Status(code: .unimplemented, message: "the content type must be application/grpc"))
        }
        if let encoding = headers.first(name: "grpc-encoding"), encoding != "identity" {
            return .refused(Status(code: .unimplemented, message: "compression \(encoding) is not supported; send messages uncompressed"))
        }
        guard let path = headers.first(name: ":path"), let method = method(path) else {
            return .refused(Status(code: .unimplemented, message: "the path is not /package.Service/Method"))
        }
        var metadata = Metadata()
        metadata.reserveCapacity(headers.count)
        for (name, value, _) in headers where !name.hasPrefix(":") && name != "content-type" && name != "te" {
            if name.hasSuffix("-bin") {
                if let bytes = Data(base64Encoded: value, options: .ignoreUnknownCharacters) ?? Data(base64Encoded: padded(value)) {
                    metadata.addBinary(Array(bytes), forKey: name)
                }
            } else {
                metadata.addString(value, forKey: name)
            }
        }
        return .call(method, metadata)
    }

    /// The method `/package.Service/Method` names.
    package static func method(_ path: String) -> MethodDescriptor? {
        guard path.utf8.first == UInt8(ascii: "/") else { return nil }
        let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return MethodDescriptor(fullyQualifiedService: String(parts[0]), method: String(parts[1]))
    }

    /// The headers that open an answer, with `metadata`.
    package static func response(_ metadata: Metadata) -> HPACKHeaders {
        var headers: HPACKHeaders = [":status": "200", "content-type": "application/grpc"]
        add(metadata, to: &headers)
        return headers
    }

    /// The trailers that end an answer with `status` and `metadata`; `trailersOnly` when no headers went before
    /// (an answer of trailers only opens the response too).
    package static func trailers(_ status: Status, _ metadata: Metadata, trailersOnly: Bool) -> HPACKHeaders {
        var headers: HPACKHeaders = trailersOnly ? [":status": "200", "content-type": "application/grpc"] : [:]
        headers.add(name: "grpc-status", value: String(status.code.rawValue))
        if !status.message.isEmpty { headers.add(name: "grpc-message", value: percentEncoded(status.message)) }
        add(metadata, to: &headers)
        return headers
    }

    private static func add(_ metadata: Metadata, to headers: inout HPACKHeaders) {
        for (key, value) in metadata {
            switch value {
            case .string(let string): headers.add(name: key.lowercased(), value: string)
            case .binary(let bytes):
                headers.add(name: key.hasSuffix("-bin") ? key.lowercased() : key.lowercased() + "-bin", value: Data(bytes).base64EncodedString())
            }
        }
    }

    /// `grpc-message`'s encoding: bytes outside printable ASCII, and `%`, as `%XX` of their UTF-8.
    package static func percentEncoded(_ message: String) -> String {
        guard message.utf8.contains(where: { $0 < 0x20 || $0 > 0x7E || $0 == UInt8(ascii: "%") }) else { return message }
        var encoded = ""
        encoded.reserveCapacity(message.utf8.count * 2)
        for byte in message.utf8 {
            if byte < 0x20 || byte > 0x7E || byte == UInt8(ascii: "%") {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            } else {
                encoded.unicodeScalars.append(UnicodeScalar(byte))
            }
        }
        return encoded
    }

    private static func padded(_ base64: String) -> String {
        base64 + String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
