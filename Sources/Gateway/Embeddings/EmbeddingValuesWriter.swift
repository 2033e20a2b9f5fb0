import NIOCore

/// Writes embeddings straight into an answer's buffer, with no `[Double]`, array of strings or `Data` between: as a
/// JSON array of numbers, each the shortest decimal that reads back as the same `Float` (Swift's `description`,
/// whose few characters live in the string itself, never on the heap); or as a JSON string of the little-endian
/// float32 bytes in standard base64 (OpenAI's `encoding_format: "base64"`).
package enum EmbeddingValuesWriter {
    /// Writes `[v0,v1,…]`; every value must be finite.
    package static func writeNumbers(_ values: ArraySlice<Float>, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "["))
        var first = true
        for value in values {
            if !first { buffer.writeInteger(UInt8(ascii: ",")) }
            first = false
            buffer.writeString(value.description)
        }
        buffer.writeInteger(UInt8(ascii: "]"))
    }

    /// Writes `"…"`: the values' little-endian float32 bytes in base64, standard alphabet, padded.
    package static func writeBase64(_ values: ArraySlice<Float>, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        let byteCount = values.count * 4
        let encodedCount = (byteCount + 2) / 3 * 4
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: encodedCount) { output in
            values.withUnsafeBufferPointer { floats in
                alphabet.withUnsafeBufferPointer { alphabet in
                    // On every platform Swift runs on here, a Float's bytes in memory are little-endian already.
                    let input = UnsafeRawBufferPointer(floats)
                    var read = 0
                    var written = 0
                    while read + 3 <= byteCount {
                        let chunk = UInt32(input[read]) << 16 | UInt32(input[read + 1]) << 8 | UInt32(input[read + 2])
                        output[written] = alphabet[Int(chunk >> 18)]
                        output[written + 1] = alphabet[Int(chunk >> 12 & 0x3F)]
                        output[written + 2] = alphabet[Int(chunk >> 6 & 0x3F)]
                        output[written + 3] = alphabet[Int(chunk & 0x3F)]
                        read += 3
                        written += 4
                    }
                    let left = byteCount - read
                    if left > 0 {
                        let chunk = UInt32(input[read]) << 16 | (left == 2 ? UInt32(input[read + 1]) << 8 : 0)
                        output[written] = alphabet[Int(chunk >> 18)]
                        output[written + 1] = alphabet[Int(chunk >> 12 & 0x3F)]
                        output[written + 2] = left == 2 ? alphabet[Int(chunk >> 6 & 0x3F)] : UInt8(ascii: "=")
                        output[written + 3] = UInt8(ascii: "=")
                    }
                }
            }
            return encodedCount
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    /// Standard base64's alphabet (RFC 4648, section 4).
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
}
