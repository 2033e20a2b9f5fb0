import Registry

/// The limits every text is checked against.
package struct InputLimits: Sendable {
    /// Longest text, in Unicode code points (as Python's `len` counts).
    package var maxTextCharacters: Int
    /// Most texts in one batch.
    package var maxBatchSize: Int

    package init(maxTextCharacters: Int, maxBatchSize: Int) {
        self.maxTextCharacters = maxTextCharacters
        self.maxBatchSize = maxBatchSize
    }

    /// `value` as a text to rate: a non-blank string within the length limit; `field` names it in errors.
    func text(_ value: JSONValue?, field: String) throws(GatewayError) -> String {
        switch value {
        case nil, .null?: throw .invalidField(field == "text" ? "\"text\" is missing; send {\"text\": \"a joke\"}" : "\"\(field)\" must be a string")
        case .string(let text)?:
            if let refusal = refusal(of: text, field: field) { throw .invalidField(refusal) }
            return text
        case .some: throw .invalidField("\"\(field)\" must be a string")
        }
    }

    /// Why `text` cannot be rated, in words naming it as `field`, or nil when it can: a blank text, or one longer
    /// than the limit. Every front-end's check of a text.
    func refusal(of text: String, field: String) -> String? {
        guard !text.unicodeScalars.allSatisfy(\.properties.isWhitespace) else { return "\"\(field)\" is empty" }
        // No more bytes than the limit means no more code points either: only longer texts are counted
        // (decoding every scalar was 0.7 % of the server's CPU under predict load).
        if text.utf8.count > maxTextCharacters {
            let length = text.unicodeScalars.count
            guard length <= maxTextCharacters else { return "\"\(field)\" has \(length) characters; the limit is \(maxTextCharacters)" }
        }
        return nil
    }

    /// The optional `joker` of a body: a string or absent.
    func joker(_ value: JSONValue?) throws(GatewayError) -> String? {
        switch value {
        case nil, .null?: nil
        case .string(let joker)?: joker
        case .some: throw .invalidField("\"joker\" must be a string")
        }
    }
}

/// A request body that may say who tells the joke (the traffic policy keeps a joker on one model).
protocol JokerCarrying {
    var joker: String? { get }
}

/// A checked predict request: `{"text": str, "joker": str?}`.
struct PredictInput: Sendable, Equatable, JokerCarrying {
    /// The text to rate: a non-blank string within the length limit.
    var text: String
    /// Who tells the joke, if said.
    var joker: String?

    /// Checks `body`.
    init(_ body: [String: JSONValue], limits: InputLimits) throws(GatewayError) {
        text = try limits.text(body["text"], field: "text")
        joker = try limits.joker(body["joker"])
    }
}

/// A checked explain request: predict's `{"text": str, "joker": str?}` and `"method": "occlusion"` to have the
/// model explain by occlusion rather than by its kind's own method.
struct ExplainInput: Sendable, Equatable, JokerCarrying {
    /// The text and joker, as predict takes them.
    var predict: PredictInput
    /// Whether occlusion is asked for.
    var occlusion: Bool

    var joker: String? { predict.joker }

    /// Checks `body`.
    init(_ body: [String: JSONValue], limits: InputLimits) throws(GatewayError) {
        predict = try PredictInput(body, limits: limits)
        switch body["method"] {
        case nil, .null?: occlusion = false
        case .string("occlusion")?: occlusion = true
        case .some: throw .invalidField("\"method\" must be \"occlusion\" or absent (the model's own method)")
        }
    }
}

/// A checked batch request: `{"texts": [str, …], "joker": str?}`, one to `maxBatchSize` texts.
struct BatchInput: Sendable, Equatable, JokerCarrying {
    /// The texts to rate, in order.
    var texts: [String]
    /// Who tells the jokes, if said.
    var joker: String?

    /// Checks `body`; an error names the first text at fault by its index.
    init(_ body: [String: JSONValue], limits: InputLimits) throws(GatewayError) {
        switch body["texts"] {
        case nil, .null?: throw .invalidField("\"texts\" is missing; send {\"texts\": [\"a joke\", \"another\"]}")
        case .array(let values)?:
            guard !values.isEmpty else { throw .invalidField("\"texts\" is empty") }
            guard values.count <= limits.maxBatchSize else {
                throw .invalidField("\"texts\" has \(values.count) items; the limit is \(limits.maxBatchSize)")
            }
            var texts: [String] = []
            texts.reserveCapacity(values.count)
            for (index, value) in values.enumerated() {
                texts.append(try limits.text(value, field: "texts[\(index)]"))
            }
            self.texts = texts
        case .some: throw .invalidField("\"texts\" must be an array of strings")
        }
        joker = try limits.joker(body["joker"])
    }
}
