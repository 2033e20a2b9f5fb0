import HTTPTypes
import Hummingbird
import Registry

/// `POST /predict` and `POST /models/{name}/predict`: rate a text with the selected model.
struct PredictController<Models: ModelLookup>: Sendable {
    let selector: ModelSelector<Models>
    let modelHeader: HTTPField.Name
    let bodyReader: JSONBodyReader
    let maxTextCharacters: Int
    let metrics: GatewayMetrics

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("predict") { request, context in
            try await predict(request, context: context, pathModel: nil)
        }
        routes.post("models/{name}/predict") { request, context in
            try await predict(request, context: context, pathModel: context.parameters.get("name"))
        }
        routes.allow(only: [.post], on: "predict")
        routes.allow(only: [.post], on: "models/{name}/predict")
        return routes
    }

    /// The rating, and which model and version gave it: `{"model": …, "rating": …, "version": …}`, with the
    /// model and version as headers too. Written directly: the answer of every prediction. Once a model is
    /// chosen, an error's answer carries its headers too (so that metrics and clients see which model refused).
    private func predict(_ request: Request, context: AppRequestContext, pathModel: String?) async throws -> Response {
        let model = try selector.select(request, header: modelHeader, path: pathModel)
        let descriptor = model.descriptor
        let modelHeaders: HTTPFields = [.modelName: descriptor.name, .modelVersion: descriptor.version]
        do {
            var request = request
            let input = try PredictInput(try await bodyReader.object(from: &request), maxTextCharacters: maxTextCharacters)
            let started = ContinuousClock.now
            let rating = model.predict(input.text)
            let duration = started.duration(to: .now)
            guard rating.isFinite else { throw GatewayError.internalError }
            metrics.predicted(model: descriptor.name, rating: rating, duration: duration, joker: input.joker)
            var writer = JSONObjectWriter()
            writer.add("model", descriptor.name)
            writer.add("rating", rating)
            writer.add("version", descriptor.version)
            return writer.response(headers: modelHeaders)
        } catch let error as GatewayError {
            var response = try error.response(from: request, context: context)
            response.headers.append(contentsOf: modelHeaders)
            return response
        }
    }
}

extension HTTPField.Name {
    /// The answer's header naming the model that rated the text.
    static let modelName = HTTPField.Name("X-Model")!
    /// The answer's header giving that model's version.
    static let modelVersion = HTTPField.Name("X-Model-Version")!
}
