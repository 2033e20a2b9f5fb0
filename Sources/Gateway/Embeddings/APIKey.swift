import Hummingbird

/// The embedding APIs' guard: open unless `API_KEY` is set; then a request needs `Authorization: Bearer <key>`, as
/// the OpenAI SDKs and text-embeddings-inference's clients send their key.
struct APIKey: Sendable {
    private let token: AdminToken?

    /// A guard of `key`; nil leaves the routes open.
    init(key: String?) {
        token = key.map { AdminToken(token: $0) }
    }

    /// Why `request` may not use the routes, in words; nil when it may.
    func refusal(of request: Request) -> String? {
        guard let token else { return nil }
        do {
            try token.check(credentials: request.headers.combinedValue(.authorization))
            return nil
        } catch {
            return error == .missing ? "send the API key as Authorization: Bearer <API_KEY>" : "the bearer token is not the API key"
        }
    }
}
