import Registry

extension ModelRegistry {
    /// The names of the loaded models whose served version gives embeddings, in the registry's order.
    var embedderNames: [String] { names.filter { model(named: $0) is any EmbeddingOutputModel } }

    /// The model `reference` names, when it gives embeddings: an unknown model (or version) is
    /// ``GatewayError/unknownModel(_:)``, one that gives none ``GatewayError/notFound(_:)``, naming those that do.
    func embedder(_ reference: ModelReference) throws(GatewayError) -> any EmbeddingOutputModel {
        let model: any TextModel
        do {
            model = try self.model(reference)
        } catch {
            throw .unknownModel(error)
        }
        guard let embedder = model as? any EmbeddingOutputModel else {
            let others = embedderNames
            throw .notFound(
                "model \(reference) gives no embeddings; "
                    + (others.isEmpty ? "no loaded model does" : "the models that do: \(others.joined(separator: ", "))")
            )
        }
        return embedder
    }

    /// The model an embedding request that names none gets: the default model when it gives embeddings, else the
    /// first that does; nil when none does.
    var defaultEmbedder: (any EmbeddingOutputModel)? {
        (defaultModel as? any EmbeddingOutputModel) ?? embedderNames.first.flatMap { model(named: $0) as? any EmbeddingOutputModel }
    }
}
