/// The class of a code point as scikit-learn's regular expressions see it, stored once per UTF-8 byte.
enum ByteClass {
    /// Neither a word character nor white space.
    static let other: UInt8 = 0
    /// Python's `\w`.
    static let word: UInt8 = 1
    /// Python's `\s`.
    static let space: UInt8 = 2

    /// The class of `scalar`.
    static func of(_ scalar: Unicode.Scalar) -> UInt8 {
        scalar.isPythonWordCharacter ? word : scalar.isPythonWhitespace ? space : other
    }
}
