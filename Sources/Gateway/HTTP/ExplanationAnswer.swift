import Hummingbird
import Registry

/// The answer of `/explain`: the model, its rating of the text and why, as `Explanation` says it, spans as
/// `[start, end]` pairs of Unicode scalar offsets.
package struct ExplanationAnswer: ResponseEncodable {
    struct Contribution: Encodable {
        var term: String
        var value: Double
        var weight: Double?
        var contribution: Double
        var spans: [[Int]]
    }

    struct Step: Encodable {
        var node: Int
        var term: String
        var threshold: Double
        var value: Double
        var branch: DecisionStep.Branch
        var nodeValue: Double
    }

    var model: String
    var version: String
    var kind: String
    var method: Explanation.Method
    var rating: Double
    var base: Double
    var contributions: [Contribution]
    var path: [Step]?

    /// The answer as JSON text, keys sorted as the server writes them: what `jokemeter explain --format json` prints.
    package static func json(_ explanation: Explanation, model: ModelDescriptor) throws -> String {
        String(decoding: try AppRequestContext.sortedKeysEncoder.encode(Self(explanation, model: model)), as: UTF8.self)
    }

    /// `explanation` of a rating by `model`.
    init(_ explanation: Explanation, model: ModelDescriptor) {
        self.model = model.name
        version = model.version
        kind = model.kind
        method = explanation.method
        rating = explanation.rating
        base = explanation.base
        contributions = explanation.contributions.map {
            Contribution(
                term: $0.term,
                value: $0.value,
                weight: $0.weight,
                contribution: $0.contribution,
                spans: $0.spans.map { [$0.lowerBound, $0.upperBound] }
            )
        }
        path = explanation.path?.map {
            Step(node: $0.node, term: $0.term, threshold: $0.threshold, value: $0.value, branch: $0.branch, nodeValue: $0.nodeValue)
        }
    }
}
