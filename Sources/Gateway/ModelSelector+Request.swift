import HTTPTypes
import Hummingbird
import Registry

extension ModelSelector {
    /// The model `request` asks for by `path`, the `header` named, or its `model` query parameter.
    func select(_ request: Request, header: HTTPField.Name, path: String? = nil) throws(GatewayError) -> any TextModel {
        do {
            return try select(path: path, header: request.headers.combinedValue(header), query: request.uri.queryParameters["model"].map(String.init))
        } catch {
            throw .unknownModel(error)
        }
    }
}
