import Foundation
import Gateway
import Hummingbird
import Registry

/// A model for these tests: rates a text by its length, so that every answer can be checked by hand.
struct LengthModel: TextModel {
    let descriptor: ModelDescriptor
    let scale: Double

    init(name: String, version: String, scale: Double) {
        descriptor = ModelDescriptor(name: name, kind: "length", version: version, digest: "sha256:\(name)")
        self.scale = scale
    }

    func predict(_ text: String) -> Double { Double(text.unicodeScalars.count) * scale }
}

/// Two models, `lr` (the default) and `tr`, that rate the same text differently.
func testRegistry() -> ModelRegistry {
    try! ModelRegistry(
        models: [LengthModel(name: "lr", version: "1.0.0", scale: 0.1), LengthModel(name: "tr", version: "2.0.0", scale: 0.2)],
        defaultModel: "lr"
    )
}

/// Settings for these tests: small limits, so that the limits are cheap to cross.
func testConfiguration() -> GatewayConfiguration {
    var configuration = GatewayConfiguration()
    configuration.maxBodyBytes = 1024
    configuration.maxTextCharacters = 100
    configuration.logLevel = .critical
    return configuration
}

/// The JSON object of a response body.
func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))
    guard let dictionary = object as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
    return dictionary
}
