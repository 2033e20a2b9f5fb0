import HTTPTypes
import Hummingbird
import Registry

/// `POST /predict` and `POST /models/{name}/predict`: rate a text with the selected model.
struct PredictController<Models: ModelLookup>: Sendable {
    let selector: ModelSelector<Models>
    let modelHeader: HTTPField.Name
    let bodyReader: JSONBodyReader
    let maxTextCharacters: Int

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("predict") { request, context in
            try await predict(request, pathModel: nil)
        }
        routes.post("models/{name}/predict") { request, context in
            try await predict(request, pathModel: context.parameters.get("name"))
        }
        routes.allow(only: [.post], on: "predict")
        routes.allow(only: [.post], on: "models/{name}/predict")
        return routes
    }

    /// The rating, and which model and version gave it: `{"model": …, "rating": …, "version": …}`, with the
    /// model and version as headers too. Written directly: the answer of every prediction.
    private func predict(_ request: Request, pathModel: String?) async throws(GatewayError) -> Response {
        let model = try selector.select(request, header: modelHeader, path: pathModel)
        var request = request
        let input = try PredictInput(try await bodyReader.object(from: &request), maxTextCharacters: maxTextCharacters)
        let rating = model.predict(input.text)
        guard rating.isFinite else { throw .internalError }
        let descriptor = model.descriptor
        var writer = JSONResponseWriter()
        writer.add("model", descriptor.name)
        writer.add("rating", rating)
        writer.add("version", descriptor.version)
        return writer.response(headers: [.modelName: descriptor.name, .modelVersion: descriptor.version])
    }
}

extension HTTPField.Name {
    /// The answer's header naming the model that rated the text.
    static let modelName = HTTPField.Name("X-Model")!
    /// The answer's header giving that model's version.
    static let modelVersion = HTTPField.Name("X-Model-Version")!
}
