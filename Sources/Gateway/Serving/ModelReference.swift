/// A model as a request, the routing weights or the shadow setting name it: `lr` (its served version) or
/// `lr@1.0.0` (that version). A model's name holds no `@`.
public struct ModelReference: Sendable, Hashable, CustomStringConvertible {
    /// The model's name.
    public var name: String
    /// The version named, or nil for the served one.
    public var version: String?

    /// A reference to `name` at `version`.
    public init(name: String, version: String? = nil) {
        self.name = name
        self.version = version
    }

    /// Reads `lr` or `lr@1.0.0`; an empty version (`lr@`) is none.
    public init(parsing text: String) {
        guard let at = text.utf8.firstIndex(of: UInt8(ascii: "@")) else {
            self.init(name: text)
            return
        }
        let version = String(text[text.utf8.index(after: at)...])
        self.init(name: String(text[..<at]), version: version.isEmpty ? nil : version)
    }

    public var description: String { version.map { "\(name)@\($0)" } ?? name }
}
