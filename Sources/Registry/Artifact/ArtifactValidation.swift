/// Checks that plugins run on the arrays of an artifact; each failure names the field.
public enum ArtifactValidation {
    /// Throws unless `values` has `expected` elements.
    public static func requireCount<C: Collection>(_ values: C, _ expected: Int, field: String, what: String) throws(ArtifactError) {
        guard values.count == expected else {
            throw ArtifactError(field: field, reason: "has \(values.count) values; expected \(expected) (\(what))")
        }
    }

    /// Throws at the first NaN or infinite value.
    public static func requireFinite<C: Collection>(_ values: C, field: String) throws(ArtifactError) where C.Element: BinaryFloatingPoint {
        for (index, value) in values.enumerated() where !value.isFinite {
            throw ArtifactError(field: "\(field)[\(index)]", reason: "is \(value); every value must be a finite number")
        }
    }

    /// Throws unless `value` is finite.
    public static func requireFinite(_ value: Double, field: String) throws(ArtifactError) {
        guard value.isFinite else { throw ArtifactError(field: field, reason: "is \(value); it must be a finite number") }
    }
}
