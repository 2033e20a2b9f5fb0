// Python's `\w` and `\s` for `str` patterns, which scikit-learn's tokenizers use; decided per code point,
// as Python does, never per grapheme cluster.

extension Unicode.Scalar {
    /// Python's `\w`: a letter (Lu, Ll, Lt, Lm, Lo), a character with a numeric value, or `_`.
    @inline(__always)
    package var isPythonWordCharacter: Bool {
        let value = self.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39) || value == 0x5F
        }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return properties.numericType != nil
        }
    }

    /// Python's `\s` and `str.split()` separators: Unicode white space and the ASCII separators 0x1C–0x1F.
    @inline(__always)
    var isPythonWhitespace: Bool {
        let value = self.value
        if value < 0x80 {
            return value == 0x20 || (value >= 0x09 && value <= 0x0D) || (value >= 0x1C && value <= 0x1F)
        }
        return properties.isWhitespace
    }
}
