/// An artifact file that the registry rejected, and why.
public struct ModelLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The artifact's file name.
    public var file: String
    /// The offending field's path; empty when the file as a whole is wrong.
    public var field: String
    /// What is wrong, in words.
    public var reason: String

    /// Creates an error for `file`.
    public init(file: String, field: String = "", reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var description: String { field.isEmpty ? "\(file): \(reason)" : "\(file): \(field): \(reason)" }
}
