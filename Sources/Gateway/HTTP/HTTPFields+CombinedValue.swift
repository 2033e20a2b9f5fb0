import HTTPTypes

extension HTTPFields {
    /// The value of the fields named `name`, repeated ones joined with ", ", as the `String?` subscript gives
    /// it; read in one pass over the fields, without the subscript's intermediate arrays, since every request
    /// reads a few.
    package func combinedValue(_ name: HTTPField.Name) -> String? {
        var combined: String?
        for field in self where field.name == name {
            combined = combined.map { $0 + ", " + field.value } ?? field.value
        }
        return combined
    }
}
