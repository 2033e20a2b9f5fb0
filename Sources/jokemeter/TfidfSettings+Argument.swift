import ArgumentParser
import TextFeatures

/// `--vectorizer word:1-2`: an analyzer and an n-gram range, every other setting at its default.
extension TfidfSettings: ExpressibleByArgument {
    public init?(argument: String) {
        let parts = argument.split(separator: ":")
        guard parts.count == 2, let analyzer = Analyzer(rawValue: String(parts[0])) else { return nil }
        let bounds = parts[1].split(separator: "-").compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] >= 1, bounds[0] <= bounds[1] else { return nil }
        self.init(analyzer: analyzer, ngramRange: bounds[0]...bounds[1])
    }
}
