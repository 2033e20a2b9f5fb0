import HTTPTypes
import Synchronization

/// Request ids: the client's own when it is 1 to 128 visible ASCII characters, else a new one: this
/// process's random 64-bit prefix and a counter, in 32 lower-case hex digits (unique without a system call
/// per request, and written straight into the string's storage).
package enum RequestIdentifier {
    private static let prefix = UInt64.random(in: .min ... .max)
    private static let counter = Atomic<UInt64>(0)

    package static func accepting(_ proposed: String?) -> String {
        if let proposed, (1...128).contains(proposed.utf8.count), proposed.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            return proposed
        }
        return make(prefix: prefix, count: counter.add(1, ordering: .relaxed).newValue)
    }

    /// `prefix` and `count` as 16 hex digits each.
    package static func make(prefix: UInt64, count: UInt64) -> String {
        String(unsafeUninitializedCapacity: 32) { digits in
            for index in 0..<32 {
                let nibble = UInt8(truncatingIfNeeded: (index < 16 ? prefix : count) >> (60 - 4 * (index % 16))) & 0xF
                digits[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
            }
            return 32
        }
    }
}

extension HTTPField.Name {
    /// The request id header, taken from the client or made, and echoed in every answer.
    static let requestID = HTTPField.Name("X-Request-Id")!
}
