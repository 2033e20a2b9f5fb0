import Testing
import jokemeter

/// The batch path's UTF-8 check must accept exactly what the standard library accepts, and point at the first
/// byte of the first sequence it refuses.
@Suite struct UTF8ValidationTests {
    /// Where the standard library's decoder first fails on `bytes`, or nil.
    static func referenceOffset(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    static func offset(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) } }

    @Test func knownSequences() {
        #expect(Self.offset([]) == nil)
        #expect(Self.offset(Array("Штирлиц шёл по лесу «—» 😀 plain ascii text of more than sixteen bytes".utf8)) == nil)
        #expect(Self.offset([0x61, 0xC0, 0x80]) == 1, "overlong two-byte form")
        #expect(Self.offset([0xE0, 0x80, 0x80]) == 0, "overlong three-byte form")
        #expect(Self.offset([0xED, 0xA0, 0x80]) == 0, "a surrogate")
        #expect(Self.offset([0xF4, 0x90, 0x80, 0x80]) == 0, "past U+10FFFF")
        #expect(Self.offset([0xF5, 0x80, 0x80, 0x80]) == 0)
        #expect(Self.offset(Array(repeating: 0x41, count: 20) + [0xD0]) == 20, "cut short at the end, after a SIMD block")
        #expect(Self.offset(Array("ab".utf8) + [0x80]) == 2, "a continuation byte alone")
    }

    @Test func randomBytesAgreeWithTheStandardLibrary() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        // Mostly valid text with a few bytes changed, so that errors fall in every position and form.
        let seed = Array("Штирлиц ascii 😀 ß €".utf8)
        for _ in 0..<20_000 {
            var bytes = (0..<Int(next() % 40)).map { _ in seed[Int(next() % UInt64(seed.count))] }
            if !bytes.isEmpty, next() % 2 == 0 { bytes[Int(next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: next()) }
            #expect(Self.offset(bytes) == Self.referenceOffset(bytes), "\(bytes)")
        }
    }

    /// Two-byte letters cut by every SIMD block's end, a three-byte sign after them, and each byte changed in
    /// turn: the blocks carry a letter's lead into the next block, and the check falls back to code points there.
    @Test func lettersCutByTheBlocksAndAnyOneByteChangedAgreeWithTheStandardLibrary() {
        for shift in 0..<3 {
            let text = Array(String(repeating: "a", count: shift).utf8) + Array("ШтирлицШтирлицШтирлиц€ШтирлицШтирлиц шёл".utf8)
            #expect(Self.offset(text) == nil)
            for position in text.indices {
                for byte: UInt8 in [0x20, 0x80, 0xBF, 0xD0, 0xE2, 0xFF] {
                    var changed = text
                    changed[position] = byte
                    #expect(Self.offset(changed) == Self.referenceOffset(changed), "\(changed)")
                }
            }
        }
    }
}
