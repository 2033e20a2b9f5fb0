/// Lower-case mapping and class of the code points the fast path handles without Unicode property
/// lookups: U+0000–U+07FF (ASCII, Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic…) and General
/// Punctuation U+2000–U+206F (dashes, quotes, ellipsis, typographic spaces). Built once from the same
/// properties as the general path, so both agree by construction.
enum CodePointTable {
    /// An entry: bits 0–20 the lower-case scalar, 24–25 the class of the scalar, 26–27 the class of its
    /// lower case, bit 28 set when lower-casing needs the general path (several scalars, or capital sigma,
    /// whose lower case depends on the letters around it).
    typealias Entry = UInt32

    /// The entry of `scalar`, or nil outside the table.
    @inline(__always)
    static func entry(_ scalar: UInt32) -> Entry? {
        if scalar < 0x800 { return entries[Int(scalar)] }
        if scalar &- 0x2000 < 0x70 { return entries[0x800 + Int(scalar &- 0x2000)] }
        return nil
    }

    @inline(__always) static func lowercase(_ entry: Entry) -> UInt32 { entry & 0x1F_FFFF }
    @inline(__always) static func ownClass(_ entry: Entry) -> UInt8 { UInt8(truncatingIfNeeded: entry >> 24) & 3 }
    @inline(__always) static func lowercaseClass(_ entry: Entry) -> UInt8 { UInt8(truncatingIfNeeded: entry >> 26) & 3 }
    @inline(__always) static func lowercaseNeedsGeneralPath(_ entry: Entry) -> Bool { entry & (1 << 28) != 0 }

    private static let entries: [Entry] = {
        let covered = Array(0..<UInt32(0x800)) + Array(UInt32(0x2000)..<0x2070)
        return covered.map { value in
            guard let scalar = Unicode.Scalar(value) else { return 1 << 28 }  // surrogates: not in UTF-8 text
            let lower = scalar.properties.lowercaseMapping.unicodeScalars
            guard lower.count == 1, let single = lower.first, scalar != "\u{03A3}" else {
                return Entry(ByteClass.of(scalar)) << 24 | 1 << 28
            }
            return single.value | Entry(ByteClass.of(scalar)) << 24 | Entry(ByteClass.of(single)) << 26
        }
    }()
}
