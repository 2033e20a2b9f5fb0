/// Rated texts to train or evaluate on, with where they came from.
public struct DataSet: Sendable {
    /// The file name the rows were read from.
    public var name: String
    /// Hex SHA-256 of the file's bytes.
    public var sha256: String
    /// One text per row.
    public var texts: [String]
    /// One rating per row.
    public var targets: [Double]

    /// Creates a data set; `texts` and `targets` must be as many.
    public init(name: String, sha256: String, texts: [String], targets: [Double]) {
        precondition(texts.count == targets.count, "one target per text")
        self.name = name
        self.sha256 = sha256
        self.texts = texts
        self.targets = targets
    }

    /// Number of rows.
    public var count: Int { texts.count }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> DataSet {
        DataSet(name: name, sha256: sha256, texts: indices.map { texts[$0] }, targets: indices.map { targets[$0] })
    }
}
