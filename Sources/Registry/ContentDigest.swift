import Crypto
import Foundation

/// The SHA-256 of file contents as lower-case hex: the artifact digest and the data set's fingerprint.
public enum ContentDigest {
    /// 64 hex digits of the SHA-256 of `data`.
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
