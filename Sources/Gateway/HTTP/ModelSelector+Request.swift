import HTTPTypes
import Hummingbird
import Registry

extension ModelSelector {
    /// The name `request` gives by `path`, the `header` named, or its `model` query parameter; nil when none.
    func explicitName(_ request: Request, header: HTTPField.Name, path: String? = nil) -> String? {
        explicitName(path: path, header: request.headers.combinedValue(header), query: request.uri.queryParameters["model"].map(String.init))
    }

    /// The version `request` names by `path`, else by its `X-Model-Version` header; nil when neither.
    func explicitVersion(_ request: Request, path: String? = nil) -> String? {
        path?.trimmingHorizontalSpace() ?? request.headers.combinedValue(.modelVersion)?.trimmingHorizontalSpace()
    }

    /// ``select(in:explicit:version:joker:)`` with the error as the gateway answers it.
    func model(in models: ModelRegistry, explicit: String?, version: String? = nil, joker: String? = nil) throws(GatewayError) -> any TextModel {
        do {
            return try select(in: models, explicit: explicit, version: version, joker: joker)
        } catch {
            throw .unknownModel(error)
        }
    }
}
