import Registry

/// A one-number model kind that exists only in these tests, to exercise the registry without a real model.
struct ConstantModel: ModelPlugin {
    static let kind = "constant"

    let descriptor: ModelDescriptor
    let rating: Double

    init(artifact: ModelArtifact) throws {
        struct Body: Decodable {
            struct Estimator: Decodable { var rating: Double }
            var estimator: Estimator
        }
        descriptor = artifact.descriptor
        rating = try artifact.decode(Body.self).estimator.rating
        try ArtifactValidation.requireFinite(rating, field: "estimator.rating")
    }

    func predict(_ text: String) -> Double { rating }
}
