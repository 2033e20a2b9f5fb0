import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One TCP connection that speaks HTTP/1.1 by hand, so that a test controls the exact bytes (chunked
/// bodies, huge bodies) and knows that two requests share one connection.
final class RawHTTPConnection {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let socketDescriptor: Int32
    private var pending: [UInt8] = []

    init(port: Int) throws {
        socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw Failure(description: "socket() failed") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect() to port \(port) failed") }
    }

    deinit { close(socketDescriptor) }

    /// Writes all of `bytes`.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(socketDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send() failed after \(offset) bytes") }
            offset += written
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Reads one response with a Content-Length body.
    func readResponse() throws -> Response {
        let separator: [UInt8] = [13, 10, 13, 10]
        while pending.firstRange(of: separator) == nil { try receive() }
        let headEnd = pending.firstRange(of: separator)!
        let head = String(decoding: pending[..<headEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        pending.removeSubrange(..<headEnd.upperBound)
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw Failure(description: "bad status line: \(head.first ?? "")")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while pending.count < length { try receive() }
        let body = String(decoding: pending[..<length], as: UTF8.self)
        pending.removeSubrange(..<length)
        return Response(status: status, headers: headers, body: body)
    }

    /// Whether the server closed the connection: nothing is left to read and the next read ends the stream,
    /// or finds it reset (bytes sent after the server closed), within the 10 s receive timeout.
    func readsEndOfStream() -> Bool {
        guard pending.isEmpty else { return false }
        var byte: UInt8 = 0
        let count = recv(socketDescriptor, &byte, 1, 0)
        return count == 0 || (count < 0 && errno == ECONNRESET)
    }

    private func receive() throws {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(socketDescriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw Failure(description: "the connection closed or timed out") }
        pending.append(contentsOf: buffer[..<count])
    }
}
