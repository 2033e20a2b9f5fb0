import Foundation
import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's basic context with a response encoder that writes
/// keys sorted, so that equal answers are equal bytes, and the request's connection.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }

    /// One encoder for every response: its settings never change, and encoding shares no state between calls.
    static let sortedKeysEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public var responseEncoder: JSONEncoder { Self.sortedKeysEncoder }
}
