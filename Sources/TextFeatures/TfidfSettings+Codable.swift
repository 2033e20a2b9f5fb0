// The artifact's spelling of the settings (`ngramRange` as `[min, max]`, `norm` null for none), with
// checks that name the offending field.

extension TfidfSettings: Codable {
    enum CodingKeys: String, CodingKey {
        case analyzer, lowercase, stripAccents, tokenPattern, ngramRange, stopWords, norm, useIdf, smoothIdf, sublinearTf, binary
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let analyzerName = try container.decode(String.self, forKey: .analyzer)
        guard let analyzer = Analyzer(rawValue: analyzerName) else {
            throw DecodingError.dataCorruptedError(
                forKey: .analyzer,
                in: container,
                debugDescription: "\"\(analyzerName)\" is unknown; expected one of \(Analyzer.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let tokenPattern = try container.decodeIfPresent(String.self, forKey: .tokenPattern) ?? Self.defaultTokenPattern
        guard tokenPattern == Self.defaultTokenPattern || analyzer != .word else {
            throw DecodingError.dataCorruptedError(
                forKey: .tokenPattern,
                in: container,
                debugDescription: "only scikit-learn's default \(Self.defaultTokenPattern) is supported"
            )
        }
        let bounds = try container.decodeIfPresent([Int].self, forKey: .ngramRange) ?? [1, 1]
        guard bounds.count == 2, bounds[0] >= 1, bounds[0] <= bounds[1] else {
            throw DecodingError.dataCorruptedError(
                forKey: .ngramRange,
                in: container,
                debugDescription: "must be [min, max] with 1 <= min <= max; got \(bounds)"
            )
        }
        let normName = try container.decodeIfPresent(String.self, forKey: .norm) ?? "none"
        let norm = Norm(rawValue: normName)
        guard norm != nil || normName == "none" else {
            throw DecodingError.dataCorruptedError(
                forKey: .norm,
                in: container,
                debugDescription: "\"\(normName)\" is unknown; expected l1, l2 or null"
            )
        }
        let accentsName = try container.decodeIfPresent(String.self, forKey: .stripAccents)
        let stripAccents = accentsName.flatMap(StripAccents.init(rawValue:))
        guard accentsName == nil || stripAccents != nil else {
            throw DecodingError.dataCorruptedError(
                forKey: .stripAccents,
                in: container,
                debugDescription: "\"\(accentsName!)\" is unknown; expected unicode, ascii or null"
            )
        }
        self.init(
            analyzer: analyzer,
            lowercase: try container.decodeIfPresent(Bool.self, forKey: .lowercase) ?? true,
            stripAccents: stripAccents,
            tokenPattern: tokenPattern,
            ngramRange: bounds[0]...bounds[1],
            stopWords: try container.decodeIfPresent([String].self, forKey: .stopWords) ?? [],
            norm: norm,
            useIdf: try container.decodeIfPresent(Bool.self, forKey: .useIdf) ?? true,
            smoothIdf: try container.decodeIfPresent(Bool.self, forKey: .smoothIdf) ?? true,
            sublinearTf: try container.decodeIfPresent(Bool.self, forKey: .sublinearTf) ?? false,
            binary: try container.decodeIfPresent(Bool.self, forKey: .binary) ?? false
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(analyzer, forKey: .analyzer)
        try container.encode(lowercase, forKey: .lowercase)
        try container.encode(stripAccents, forKey: .stripAccents)
        try container.encode(tokenPattern, forKey: .tokenPattern)
        try container.encode([ngramRange.lowerBound, ngramRange.upperBound], forKey: .ngramRange)
        try container.encode(stopWords, forKey: .stopWords)
        try container.encode(norm, forKey: .norm)
        try container.encode(useIdf, forKey: .useIdf)
        try container.encode(smoothIdf, forKey: .smoothIdf)
        try container.encode(sublinearTf, forKey: .sublinearTf)
        try container.encode(binary, forKey: .binary)
    }
}
