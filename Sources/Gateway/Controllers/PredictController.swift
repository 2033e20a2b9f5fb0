import HTTPTypes
import Hummingbird
import Registry

/// `POST /predict` and its path forms `/models/{name}/predict` and `/models/{name}/versions/{version}/predict`,
/// and the `/predict/batch` twins: rate one text, or several, with the selected model; `POST /explain` (and its
/// path forms): say why it rates a text so.
struct PredictController: Sendable {
    let store: ModelStore
    let selector: ModelSelector
    let modelHeader: HTTPField.Name
    let bodyReader: JSONBodyReader
    let limits: InputLimits
    let rater: Rater

    /// What a route does.
    private enum Action { case predict, predictBatch, explain }

    /// The model and version a route's path names, if any.
    private struct Selection {
        var name: String?
        var version: String?
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        for (suffix, action) in [("predict", Action.predict), ("predict/batch", .predictBatch), ("explain", .explain)] {
            for (prefix, named, versioned) in [
                ("", false, false), ("models/{name}/", true, false), ("models/{name}/versions/{version}/", true, true),
            ] {
                routes.post(RouterPath(prefix + suffix)) { request, context in
                    // Only the path forms look their parameters up: /predict, the original's route, pays nothing.
                    let path = Selection(
                        name: named ? context.parameters.get("name") : nil,
                        version: versioned ? context.parameters.get("version") : nil
                    )
                    switch action {
                    case .predict: return try await predict(request, context: context, path: path)
                    case .predictBatch: return try await predictBatch(request, context: context, path: path)
                    case .explain: return try await explain(request, context: context, path: path)
                    }
                }
                routes.allow(only: [.post], on: RouterPath(prefix + suffix))
            }
        }
        return routes
    }

    /// The rating, and which model and version gave it: `{"model": …, "rating": …, "version": …}`, with the
    /// model and version as headers too. Written directly: the answer of every prediction.
    private func predict(_ request: Request, context: AppRequestContext, path: Selection) async throws -> Response {
        try await handle(request, context: context, path: path) { body, limits throws(GatewayError) in
            try PredictInput(body, limits: limits)
        } answer: { input, model, shadow, deadline in
            let rating = try await rater.submit(input.text, to: model, shadow: shadow, joker: input.joker, deadline: deadline)
            var writer = JSONObjectWriter()
            writer.add("model", model.descriptor.name)
            writer.add("rating", rating)
            writer.add("version", model.descriptor.version)
            return writer.response()
        }
    }

    /// The rating and why: the body, the selection and the errors of predict. The model's own method when its kind
    /// has one; occlusion when the body asks for it (`"method": "occlusion"`), its texts rated through the model's
    /// executor like any other work; otherwise a kind that cannot explain is answered 422, naming the kind.
    private func explain(_ request: Request, context: AppRequestContext, path: Selection) async throws -> Response {
        try await handle(request, context: context, path: path) { body, limits throws(GatewayError) in
            try ExplainInput(body, limits: limits)
        } answer: { input, model, _, deadline in
            let text = input.predict.text
            let explanation: Explanation
            if input.occlusion {
                let words = Occlusion.words(of: text)
                guard words.count <= Occlusion.maxWords else {
                    throw GatewayError.invalidField(
                        "occlusion explains a text of at most \(Occlusion.maxWords) distinct words; this one has \(words.count)"
                    )
                }
                let ratings = try await rater.submit(
                    Occlusion.texts(explaining: text, words: words),
                    to: model,
                    shadow: nil,
                    joker: input.joker,
                    deadline: deadline
                )
                explanation = Occlusion.explanation(of: words, ratings: ratings)
            } else if let explainable = model as? any ExplainableModel {
                explanation = explainable.explain(text)
            } else {
                throw GatewayError.notExplainable(model: model.descriptor.name, kind: model.descriptor.kind)
            }
            do {
                return try ExplanationAnswer(explanation, model: model.descriptor).response(from: request, context: context)
            } catch {
                throw GatewayError.internalError
            }
        }
    }

    /// `{"model": …, "ratings": [one per text, in order], "version": …}`.
    private func predictBatch(_ request: Request, context: AppRequestContext, path: Selection) async throws -> Response {
        try await handle(request, context: context, path: path) { body, limits throws(GatewayError) in
            try BatchInput(body, limits: limits)
        } answer: { input, model, shadow, deadline in
            let ratings = try await rater.submit(input.texts, to: model, shadow: shadow, joker: input.joker, deadline: deadline)
            var writer = JSONObjectWriter()
            writer.add("model", model.descriptor.name)
            writer.add("ratings", ratings)
            writer.add("version", model.descriptor.version)
            return writer.response()
        }
    }

    /// Selects the model, reads the caller's deadline (`X-Request-Timeout`) and checks the body, and answers: the
    /// steps every route shares; the serving core's
    /// errors are answered as `GatewayError(_: ServingError)` maps them. When the
    /// choice does not depend on the body's joker, the model is chosen first, so that an error answer
    /// carries the model's headers too (metrics and clients see which model refused).
    private func handle<Input: JokerCarrying>(
        _ request: Request,
        context: AppRequestContext,
        path: Selection,
        input makeInput: ([String: JSONValue], InputLimits) throws(GatewayError) -> Input,
        answer: (Input, any TextModel, (any TextModel)?, ContinuousClock.Instant?) async throws -> Response
    ) async throws -> Response {
        let models = store.current
        let explicit = selector.explicitName(request, header: modelHeader, path: path.name)
        let version = selector.explicitVersion(request, path: path.version)
        var model = selector.dependsOnJoker(explicit: explicit) ? nil : try selector.model(in: models, explicit: explicit, version: version)
        do {
            let deadline = try request.deadline()
            let input = try makeInput(try await bodyReader.object(from: request), limits)
            let chosen = try model ?? selector.model(in: models, explicit: nil, version: version, joker: input.joker)
            model = chosen
            var response = try await answer(input, chosen, rater.shadow(of: chosen, in: models), deadline)
            response.headers.name(chosen)
            return response
        } catch {
            let refusal: GatewayError
            switch error {
            case let error as GatewayError: refusal = error
            case let error as ServingError: refusal = GatewayError(error)
            default: throw error
            }
            var response = try refusal.response(from: request, context: context)
            if let model { response.headers.name(model) }
            return response
        }
    }
}

extension HTTPFields {
    /// Names the model that answered and its version (`X-Model`, `X-Model-Version`).
    ///
    /// Set field by field: appending a collection of fields, or inserting one, runs HTTPTypes' generic
    /// `replaceSubrange` unspecialized, which took 3 % of the server's CPU under predict load.
    mutating func name(_ model: any TextModel) {
        let descriptor = model.descriptor
        self[.modelName] = descriptor.name
        self[.modelVersion] = descriptor.version
    }
}

extension HTTPField.Name {
    /// The answer's header naming the model that rated the text.
    package static let modelName = HTTPField.Name("X-Model")!
    /// The answer's header giving that model's version.
    package static let modelVersion = HTTPField.Name("X-Model-Version")!
}
