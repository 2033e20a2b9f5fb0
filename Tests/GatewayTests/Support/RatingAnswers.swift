// The answers of the /api/v1 routes and of /admin/reload, as the OpenAPI document describes them: what the tests
// decode, written apart from the Gateway's own types so that a change to those shows here.

/// `POST /api/v1/predict`.
struct Prediction: Decodable, Sendable {
    var rating: Double
    var model: String
    var version: String
}

/// `POST /api/v1/predict/batch`.
struct BatchPrediction: Decodable, Sendable {
    var ratings: [Double]
    var model: String
    var version: String
}

/// `POST /api/v1/explain`: the model's rating of a text and why.
struct ExplainedRating: Decodable, Sendable {
    struct Contribution: Decodable, Sendable {
        var term: String
        var value: Double
        var weight: Double?
        var contribution: Double
        var spans: [[Int]]
    }

    var model: String
    var version: String
    var kind: String
    var method: String
    var rating: Double
    var base: Double
    var contributions: [Contribution]
}

/// `GET /api/v1/version`.
struct VersionInfo: Decodable, Sendable {
    var version: String
    var model: String
    var modelVersion: String
    var models: [String]
}

/// `GET /api/v1/models`.
struct ModelListing: Decodable, Sendable {
    struct Entry: Decodable, Sendable {
        var name: String
        var kind: String
        var version: String
        var digest: String
        var isDefault: Bool
        var served: Bool
        var explainable: Bool

        enum CodingKeys: String, CodingKey {
            case name, kind, version, digest, served, explainable
            case isDefault = "default"
        }
    }

    var defaultModel: String
    var models: [Entry]

    enum CodingKeys: String, CodingKey {
        case defaultModel = "default"
        case models
    }
}

/// `POST /admin/reload` when the reload took: the new set.
struct Reloaded: Decodable, Sendable {
    struct Model: Decodable, Sendable {
        var name: String
        var kind: String
        var version: String
        var digest: String
    }

    var status: String
    var defaultModel: String
    var models: [Model]

    enum CodingKeys: String, CodingKey {
        case status, models
        case defaultModel = "default"
    }
}
