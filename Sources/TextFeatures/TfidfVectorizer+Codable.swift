// The artifact's `vectorizer` section: the settings' fields beside `vocabulary` and `idf`.

extension TfidfVectorizer: Codable {
    private enum CodingKeys: String, CodingKey {
        case vocabulary, idf
    }

    public init(from decoder: any Decoder) throws {
        let settings = try TfidfSettings(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let vocabulary = try container.decode([String].self, forKey: .vocabulary)
        guard !vocabulary.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .vocabulary, in: container, debugDescription: "is empty")
        }
        let idf = try container.decodeIfPresent([Double].self, forKey: .idf)
        do {
            try self.init(settings: settings, vocabulary: vocabulary, idf: idf)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [FieldPath(error.field)], debugDescription: error.reason))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try settings.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(vocabulary, forKey: .vocabulary)
        try container.encodeIfPresent(idf, forKey: .idf)
    }
}

/// A coding key that carries an already formatted path such as `idf[3]`.
struct FieldPath: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ path: String) { stringValue = path }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
