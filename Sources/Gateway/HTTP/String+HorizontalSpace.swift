extension String {
    /// The string without leading and trailing tabs and space separators (Foundation's `.whitespaces`), or nil
    /// when nothing else is left. Checked per scalar without Foundation: model names and media types are
    /// trimmed on the request path, and the common case, nothing to trim, allocates nothing.
    package func trimmingHorizontalSpace() -> String? {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return nil }
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}
