import Registry

/// Rates texts for every prediction route (`/api/v1/predict`, its batch, `/v2/.../infer`): times the
/// model, records the metrics, and lets the shadow model, when one is set, rate the same text beside it.
struct Rater: Sendable {
    let metrics: GatewayMetrics
    /// The model that rates every request's texts too, without touching the answer (`SHADOW_MODEL`).
    let shadowModel: String?

    /// The shadow for a request that `model` serves: nil when none is set, it is not in `models`, or it is
    /// the serving model itself.
    func shadow(of model: any TextModel, in models: some ModelLookup) -> (any TextModel)? {
        guard let shadowModel, shadowModel != model.descriptor.name else { return nil }
        return models.model(named: shadowModel)
    }

    /// `model`'s rating of `text`, recorded with `joker`; `shadow` rates it too and only the difference is
    /// recorded. A rating that is not a number is our fault, never the input's: 500.
    func rate(_ text: String, with model: any TextModel, shadow: (any TextModel)?, joker: String?) throws(GatewayError) -> Double {
        let started = ContinuousClock.now
        let rating = model.predict(text)
        let duration = started.duration(to: .now)
        guard rating.isFinite else { throw GatewayError.internalError }
        metrics.predicted(model: model.descriptor.name, rating: rating, duration: duration, joker: joker)
        if let shadow {
            let shadowRating = shadow.predict(text)
            if shadowRating.isFinite {
                metrics.shadowed(model: model.descriptor.name, shadow: shadow.descriptor.name, difference: shadowRating - rating)
            }
        }
        return rating
    }
}
