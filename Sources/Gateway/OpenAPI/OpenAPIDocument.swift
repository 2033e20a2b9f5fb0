import Foundation
import Registry

/// The OpenAPI 3.1 document of every route, served at `GET /openapi.json`. The document is `openapi.json` beside
/// this file, compiled into the binary (SwiftPM's `.embedInCode`, so the image needs no resource bundle): the
/// default limits and no tensor counts; `json(limits:)` writes the server's own in. `OpenAPIDocumentTests` keep it
/// true to the router, and `openapi-spec-validator` checks the file (python-tests).
package enum OpenAPIDocument {
    /// The document's template, as the file holds it.
    package static let template: [UInt8] = PackageResources.openapi_json

    /// Batch sizes up to which the document spells out "as many data items as the shape says" (one `anyOf`
    /// branch per count); above it the count goes unchecked by the schema, to keep the document small.
    package static let largestEnumeratedBatch = 1024

    /// The document with the server's limits written in: the longest text (`MAX_TEXT_CHARS`), the largest
    /// batch (`MAX_BATCH_SIZE`), and the tensor shapes an infer request may have, so that a client or a
    /// fuzzer keeping to the schema is accepted, and one leaving it refused, whatever the configuration.
    package static func json(limits: InputLimits) -> String {
        guard var document = try? template.withUnsafeBytes({ try JSONValue(parsing: $0) }) else {
            preconditionFailure("openapi.json is not JSON")
        }
        let schemas = ["components", "schemas"]
        document.set(schemas + ["Text", "maxLength"], to: .number(Double(limits.maxTextCharacters)))
        document.set(schemas + ["BatchRequest", "properties", "texts", "maxItems"], to: .number(Double(limits.maxBatchSize)))
        let counts: JSONValue =
            limits.maxBatchSize <= largestEnumeratedBatch
            ? .array((1...limits.maxBatchSize).map(Self.tensor(count:))) : .array([.object([:])])
        document.set(schemas + ["TextTensorCount", "anyOf"], to: counts)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { preconditionFailure("the OpenAPI document does not encode") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The schema of a tensor of `count` texts: shape `[count]` or `[count, 1]`, and data of `count` items, texts or
    /// rows of one (`TextData`: the only nestings the server takes, so that the count is exact).
    private static func tensor(count: Int) -> JSONValue {
        let number = JSONValue.number(Double(count))
        return .object([
            "properties": .object([
                "shape": .object(["prefixItems": .array([.object(["const": number])])]),
                "data": .object(["minItems": number, "maxItems": number]),
            ])
        ])
    }
}

extension JSONValue {
    /// Sets the value at `path` (object keys), making the objects on the way.
    fileprivate mutating func set(_ path: some Collection<String>, to value: JSONValue) {
        guard let key = path.first else {
            self = value
            return
        }
        var members: [String: JSONValue] = [:]
        if case .object(let existing) = self { members = existing }
        var child = members[key] ?? .object([:])
        child.set(path.dropFirst(), to: value)
        members[key] = child
        self = .object(members)
    }
}
