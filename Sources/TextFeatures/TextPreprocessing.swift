import Foundation

/// scikit-learn's `_preprocess`: Python's `str.lower()`, then accent stripping, code point by code point.
package enum TextPreprocessing {
    package static func preprocess(_ text: String, lowercase: Bool, stripAccents: TfidfSettings.StripAccents?) -> String {
        var text = lowercase ? pythonLowercased(text) : text
        switch stripAccents {
        case nil: break
        case .unicode?:
            // strip_accents_unicode: ASCII text is returned as it is; otherwise NFKD without combining marks.
            guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { break }
            text = String(
                String.UnicodeScalarView(
                    text.decomposedStringWithCompatibilityMapping.unicodeScalars.filter {
                        $0.properties.canonicalCombiningClass == .notReordered
                    }
                )
            )
        case .ascii?:
            text = String(String.UnicodeScalarView(text.decomposedStringWithCompatibilityMapping.unicodeScalars.filter(\.isASCII)))
        }
        return text
    }

    /// Python's `str.lower()`: the full lower-case mapping of each code point, and capital sigma as final
    /// `ς` where it ends a word (Unicode's Final_Sigma context), which Swift's `lowercased()` does not do.
    package static func pythonLowercased(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{03A3}") else { return text.lowercased() }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{03A3}" {
                result.append(isFinalSigma(at: index, in: scalars) ? "\u{03C2}" : "\u{03C3}")
            } else {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(result)
    }

    /// `\p{cased}\p{case-ignorable}* Σ !(\p{case-ignorable}* \p{cased})`, as CPython's `handle_capital_sigma`.
    package static func isFinalSigma(at index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        guard let before = scalars[..<index].last(where: { !$0.properties.isCaseIgnorable }), before.properties.isCased else {
            return false
        }
        guard let after = scalars[(index + 1)...].first(where: { !$0.properties.isCaseIgnorable }) else { return true }
        return !after.properties.isCased
    }
}
