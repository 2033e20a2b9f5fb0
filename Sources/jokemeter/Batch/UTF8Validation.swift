/// Checks UTF-8 in place, without making a `String` (which would also copy the bytes and repair them).
package enum UTF8Validation {
    /// Where the first sequence that is not UTF-8 starts in `bytes` (RFC 3629: no overlong forms, no
    /// surrogates, nothing past U+10FFFF, no sequence cut short), or nil when all of `bytes` is UTF-8.
    package static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var position = 0
        while position < count {
            // Sixteen ASCII bytes at a time: most texts are spaces and punctuation between words.
            if count &- position >= 16 {
                let block = UnsafeRawPointer(base + position).loadUnaligned(as: SIMD16<UInt8>.self)
                if !any(block .>= 0x80) {
                    position &+= 16
                    continue
                }
            }
            let lead = base[position]
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0x00..<0x80:
                position &+= 1
                continue
            case 0xC2..<0xE0: length = 2
            case 0xE0..<0xF0:
                length = 3
                if lead == 0xE0 { low = 0xA0 }  // overlong below U+0800
                if lead == 0xED { high = 0x9F }  // surrogates
            case 0xF0..<0xF5:
                length = 4
                if lead == 0xF0 { low = 0x90 }  // overlong below U+10000
                if lead == 0xF4 { high = 0x8F }  // past U+10FFFF
            default: return position
            }
            guard count &- position >= length else { return position }
            let second = base[position &+ 1]
            guard second >= low, second <= high else { return position }
            var next = 2
            while next < length {
                guard base[position &+ next] & 0xC0 == 0x80 else { return position }
                next &+= 1
            }
            position &+= length
        }
        return nil
    }
}
