/// The fast path of lower-casing and classifying a document: 16 bytes at a time where they are ASCII or
/// Cyrillic (U+0400–U+047F, lead byte 0xD0 or 0xD1), else code point by code point through
/// ``CodePointTable``. Produces exactly what ``UnicodeNormalizer`` produces, or declines (returns false)
/// for documents it does not cover: code points outside the table, lower-casing that depends on context,
/// and accent stripping of non-ASCII text.
enum FastNormalizer {
    private typealias Bytes = SIMD16<UInt8>

    /// Writes the normalised `document` to `scratch.pointee.text` and `scratch.pointee.classes`; false when it declines.
    static func normalize(
        _ document: UnsafeBufferPointer<UInt8>,
        lowercase: Bool,
        asciiOnly: Bool,
        into scratch: UnsafeMutablePointer<AnalysisScratch>
    ) -> Bool {
        let count = document.count
        scratch.pointee.source.count = 0
        scratch.pointee.source.reserve(count + 48)
        let source = scratch.pointee.source.base
        source[0] = 0
        if let base = document.baseAddress { (source + 1).update(from: base, count: count) }
        (source + 1 + count).initialize(repeating: 0, count: 40)
        if asciiOnly && !isASCII(source, count) { return false }

        // Lower case turns at most two bytes into three; SIMD stores may run 16 bytes past the end, and term
        // lookups read a key's width (32) from a term's start.
        scratch.pointee.text.count = 0
        scratch.pointee.classes.count = 0
        scratch.pointee.text.reserve(count + count / 2 + TermKey.width)
        scratch.pointee.classes.reserve(count + count / 2 + TermKey.width)
        let text = scratch.pointee.text.base
        let classes = scratch.pointee.classes.base
        var position = 0
        var written = 0
        while position < count {
            let raw = UnsafeRawPointer(source + position)
            let current = raw.loadUnaligned(fromByteOffset: 1, as: Bytes.self)
            let previous = raw.loadUnaligned(as: Bytes.self)
            let next = raw.loadUnaligned(fromByteOffset: 2, as: Bytes.self)
            var uncoveredEnd = 0
            if let (lowered, byteClasses) = block(current, previous: previous, next: next, lowercase: lowercase, uncoveredEnd: &uncoveredEnd) {
                UnsafeMutableRawPointer(text + written).storeBytes(of: lowered, as: Bytes.self)
                UnsafeMutableRawPointer(classes + written).storeBytes(of: byteClasses, as: Bytes.self)
                // Always 16 bytes on, so that the next block's loads wait on nothing (a step of 15 after a cut
                // letter, read from the block, chained every block to the one before: 17 % of this loop). A
                // letter cut by the block's end is finished by the next block, whose lanes see the bytes around.
                position &+= 16
                written &+= 16
            } else {
                // Code point by code point through the last byte the block does not cover, then blocks again:
                // a quotation mark or a dash in Russian text no longer takes the block's other letters along.
                let end = min(position + uncoveredEnd, count)
                // The code point path starts on a code point: after a cut letter, from its lead byte (written
                // again), which a fast block lets be only the byte before.
                if position > 0 && source[1 + position] & 0xC0 == 0x80 {
                    position -= 1
                    written -= 1
                }
                while position < end {
                    guard codePoint(at: &position, source: source, lowercase: lowercase, text: text, classes: classes, written: &written) else {
                        return false
                    }
                }
            }
        }
        written -= position - count  // the last block's bytes past the end are padding
        scratch.pointee.text.count = written
        scratch.pointee.classes.count = written
        scratch.pointee.padClasses()
        return true
    }

    private static func isASCII(_ source: UnsafeMutablePointer<UInt8>, _ count: Int) -> Bool {
        var high = Bytes()
        var offset = 0
        while offset < count {
            high |= UnsafeRawPointer(source + 1 + offset).loadUnaligned(as: Bytes.self)
            offset += 16
        }
        return (high & Bytes(repeating: 0x80)).isZero
    }

    /// Lower-cased bytes and byte classes of a block of ASCII and Cyrillic; nil when it holds anything else,
    /// with `uncoveredEnd` set to the lane after the last such byte.
    @inline(__always)
    private static func block(
        _ current: Bytes,
        previous: Bytes,
        next: Bytes,
        lowercase: Bool,
        uncoveredEnd: inout Int
    ) -> (Bytes, Bytes)? {
        let nonASCII = current.lanes(in: 0x80, 0xFF)
        let continuation = current.lanes(in: 0x80, 0xBF)
        let afterD0 = continuation & previous.lanes(equalTo: 0xD0)
        let afterD1 = continuation & previous.lanes(equalTo: 0xD1)
        if !nonASCII.isZero {
            let lead = current.lanes(equalTo: 0xD0) | current.lanes(equalTo: 0xD1)
            let uncovered = nonASCII & ~(lead | afterD0 | afterD1)
            guard uncovered.isZero else {
                uncoveredEnd = 16 - uncovered.bitMask.leadingZeroBitCount
                return nil
            }
        }
        var lowered = current
        if lowercase {
            var delta = current.lanes(in: 0x41, 0x5A) & Bytes(repeating: 0x20)
            if !nonASCII.isZero {
                // Ѐ–Џ (D0 80–8F) → ѐ–џ (D1 90–9F); А–П (D0 90–9F) → а–п (D0 B0–BF); Р–Я (D0 A0–AF) → р–я (D1 80–8F);
                // Ѡ–Ѿ (D1 A0–BE, even) → ѡ–ѿ (the next code point).
                let leadTurnsD1 = current.lanes(equalTo: 0xD0) & (next.lanes(in: 0x80, 0x8F) | next.lanes(in: 0xA0, 0xAF))
                delta |= leadTurnsD1 & Bytes(repeating: 0x01)
                delta |= afterD0 & current.lanes(in: 0x80, 0x8F) & Bytes(repeating: 0x10)
                delta |= afterD0 & current.lanes(in: 0x90, 0x9F) & Bytes(repeating: 0x20)
                delta |= afterD0 & current.lanes(in: 0xA0, 0xAF) & Bytes(repeating: 0xE0)
                let even = (current & Bytes(repeating: 1)).lanes(equalTo: 0)
                delta |= afterD1 & current.lanes(in: 0xA0, 0xBF) & even & Bytes(repeating: 0x01)
            }
            lowered = current &+ delta
        }
        let word =
            lowered.lanes(in: 0x61, 0x7A) | lowered.lanes(in: 0x41, 0x5A) | lowered.lanes(in: 0x30, 0x39) | lowered.lanes(equalTo: 0x5F) | nonASCII
        let space = lowered.lanes(equalTo: 0x20) | lowered.lanes(in: 0x09, 0x0D) | lowered.lanes(in: 0x1C, 0x1F)
        let classes = (word & Bytes(repeating: ByteClass.word)) | (space & Bytes(repeating: ByteClass.space))
        return (lowered, classes)
    }

    /// Decodes the code point at `position`, writes its (lower-cased) UTF-8 and class; false outside the table.
    @inline(__always)
    private static func codePoint(
        at position: inout Int,
        source: UnsafeMutablePointer<UInt8>,
        lowercase: Bool,
        text: UnsafeMutablePointer<UInt8>,
        classes: UnsafeMutablePointer<UInt8>,
        written: inout Int
    ) -> Bool {
        let bytes = source + 1 + position
        let lead = UInt32(bytes[0])
        let scalar: UInt32
        let length: Int
        if lead < 0x80 {
            (scalar, length) = (lead, 1)
        } else if lead < 0xE0 {
            (scalar, length) = ((lead & 0x1F) << 6 | UInt32(bytes[1] & 0x3F), 2)
        } else if lead < 0xF0 {
            (scalar, length) = ((lead & 0x0F) << 12 | UInt32(bytes[1] & 0x3F) << 6 | UInt32(bytes[2] & 0x3F), 3)
        } else {
            return false
        }
        guard let entry = CodePointTable.entry(scalar) else { return false }
        let value: UInt32
        let byteClass: UInt8
        if lowercase {
            if CodePointTable.lowercaseNeedsGeneralPath(entry) { return false }
            (value, byteClass) = (CodePointTable.lowercase(entry), CodePointTable.lowercaseClass(entry))
        } else {
            (value, byteClass) = (scalar, CodePointTable.ownClass(entry))
        }
        for byte in UTF8.encode(Unicode.Scalar(value)!)! {
            text[written] = byte
            classes[written] = byteClass
            written += 1
        }
        position += length
        return true
    }
}
