import Hummingbird
import Registry

/// `GET /models`: every loaded model version with its kind, digest and training figures, and whether it is the
/// version its name serves.
struct ModelsController: Sendable {
    let store: ModelStore

    /// One model as listed.
    struct ModelInfo: Encodable {
        var name: String
        var kind: String
        var version: String
        var digest: String
        var createdAt: String?
        var isDefault: Bool
        var served: Bool
        /// Whether `…/explain` answers with the model's own method; another model explains only by occlusion, when
        /// asked (a page or client asks only what can be answered, rather than meet a 422).
        var explainable: Bool
        /// The width of its embeddings, for a model that gives them (`/v1/embeddings`, `/embed`, `/v2`'s output
        /// `embedding`); absent otherwise.
        var embeddingDimension: Int?
        var training: TrainingRecord?

        enum CodingKeys: String, CodingKey {
            case name, kind, version, digest, createdAt, served, explainable, embeddingDimension, training
            case isDefault = "default"
        }
    }

    /// The list, with the default's name.
    struct Listing: ResponseEncodable {
        var defaultModel: String
        var models: [ModelInfo]

        enum CodingKeys: String, CodingKey {
            case defaultModel = "default"
            case models
        }
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("models") { _, _ in
            let models = store.current
            return Listing(
                defaultModel: models.defaultModelName,
                models: models.allModels.map { model in
                    let descriptor = model.descriptor
                    let served = models.model(named: descriptor.name)?.descriptor.version == descriptor.version
                    return ModelInfo(
                        name: descriptor.name,
                        kind: descriptor.kind,
                        version: descriptor.version,
                        digest: descriptor.digest,
                        createdAt: descriptor.createdAt,
                        isDefault: served && descriptor.name == models.defaultModelName,
                        served: served,
                        explainable: model is any ExplainableModel,
                        embeddingDimension: (model as? any EmbeddingOutputModel)?.embeddingDimension,
                        training: descriptor.training
                    )
                }
            )
        }
        routes.allow(only: [.get], on: "models")
        return routes
    }
}
