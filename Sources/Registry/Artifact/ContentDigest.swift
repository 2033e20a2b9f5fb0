import Crypto
import Foundation

/// The SHA-256 of file contents as lower-case hex: the artifact digest and the data set's fingerprint.
public enum ContentDigest {
    /// 64 hex digits of the SHA-256 of `data`.
    public static func sha256Hex(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// 64 hex digits of the SHA-256 of the file at `path`, read a megabyte at a time (never whole: a weights file
    /// is tens of megabytes); nil if it cannot be read.
    public static func sha256Hex(ofFileAt path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        } catch {
            return nil
        }
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: SHA256.Digest) -> String { digest.map { String(format: "%02x", $0) }.joined() }
}
