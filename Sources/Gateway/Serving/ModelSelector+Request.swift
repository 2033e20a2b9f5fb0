import HTTPTypes
import Hummingbird
import Registry

extension ModelSelector {
    /// The name `request` gives by `path`, the `header` named, or its `model` query parameter; nil when none.
    func explicitName(_ request: Request, header: HTTPField.Name, path: String? = nil) -> String? {
        explicitName(path: path, header: request.headers.combinedValue(header), query: request.uri.queryParameters["model"].map(String.init))
    }

    /// ``select(in:explicit:joker:)`` with the error as the gateway answers it.
    func model(in models: some ModelLookup, explicit: String?, joker: String? = nil) throws(GatewayError) -> any TextModel {
        do {
            return try select(in: models, explicit: explicit, joker: joker)
        } catch {
            throw .unknownModel(error)
        }
    }
}
