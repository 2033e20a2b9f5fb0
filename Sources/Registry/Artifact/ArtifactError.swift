/// What is wrong with one field of an artifact; the registry adds the file name.
public struct ArtifactError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field's path, for example `estimator.coef[17]`; empty for the file as a whole.
    public var field: String
    /// What is wrong with it, in words.
    public var reason: String

    /// Creates an error about `field`.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { field.isEmpty ? reason : "\(field): \(reason)" }

    /// The error a `DecodingError` describes, with its coding path as the field.
    public init(_ error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            self.init(field: Self.path(context.codingPath + [key]), reason: "is missing")
        case .valueNotFound(let type, let context):
            self.init(field: Self.path(context.codingPath), reason: "is null; expected \(Self.name(of: type))")
        case .typeMismatch(let type, let context):
            self.init(field: Self.path(context.codingPath), reason: "has the wrong type; expected \(Self.name(of: type))")
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            self.init(field: Self.path(context.codingPath), reason: context.debugDescription + underlying)
        @unknown default:
            self.init(field: "", reason: String(describing: error))
        }
    }

    /// `a.b[3].c` for a coding path.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue.hasPrefix("Index") || key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type: "an integer"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: "\(type)".hasPrefix("Array") ? "an array" : "\(type)".hasPrefix("Dictionary") ? "an object" : "\(type)"
        }
    }
}
