import Foundation

/// Writing to a file descriptor until every byte is taken.
package enum FileDescriptorOutput {
    /// Writes all of `bytes` to `descriptor`, in as few `write`s as the kernel takes them (one, but for a
    /// signal or a full pipe); nil when every byte was written, else the `errno` that refused the rest.
    package static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        guard var next = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let written = Foundation.write(descriptor, next, left)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            next += written
            left -= written
        }
        return nil
    }
}
