import Foundation
import Gateway
import NIOCore
import Testing

/// Embeddings written in place: base64 as Foundation encodes the same little-endian float32 bytes (every remainder of
/// three), numbers that read back as the same floats.
@Suite struct EmbeddingValuesWriterTests {
    private static let values: [Float] = [0.044124596, -0.00014726387, 1, -1e-30, 3.4028235e38, 0, -0.5, 7.25]

    @Test(arguments: 0...8) func base64IsFoundationsOfTheLittleEndianBytes(count: Int) throws {
        let values = Array(Self.values.prefix(count))
        var buffer = ByteBuffer()
        EmbeddingValuesWriter.writeBase64(values[...], to: &buffer)
        let bytes = values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
        #expect(String(buffer: buffer) == "\"" + Data(bytes).base64EncodedString() + "\"")
    }

    @Test func numbersReadBackAsTheSameFloats() throws {
        var buffer = ByteBuffer()
        EmbeddingValuesWriter.writeNumbers(Self.values[1...], to: &buffer)
        let read = try JSONDecoder().decode([Float].self, from: Data(buffer: buffer))
        #expect(read.map(\.bitPattern) == Self.values[1...].map(\.bitPattern))
        var empty = ByteBuffer()
        EmbeddingValuesWriter.writeNumbers([], to: &empty)
        #expect(String(buffer: empty) == "[]")
    }
}
