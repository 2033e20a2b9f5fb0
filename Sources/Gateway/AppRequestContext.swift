import Foundation
import Hummingbird

/// The request context of every route: Hummingbird's basic context with a response encoder that writes
/// keys sorted, so that equal answers are equal bytes.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
    }

    /// One encoder for every response: its settings never change, and encoding shares no state between calls.
    private static let sortedKeysEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public var responseEncoder: JSONEncoder { Self.sortedKeysEncoder }
}
