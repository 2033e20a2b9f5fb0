import Registry

/// A checked predict request: `{"text": str, "joker": str?}`.
struct PredictInput: Sendable, Equatable {
    /// The text to rate: a non-blank string within the length limit.
    var text: String
    /// Who tells the joke, if said.
    var joker: String?

    /// Checks `body`; `maxTextCharacters` counts Unicode code points, as Python's `len` does.
    init(_ body: [String: JSONValue], maxTextCharacters: Int) throws(GatewayError) {
        switch body["text"] {
        case nil, .null?: throw .invalidField("\"text\" is missing; send {\"text\": \"a joke\"}")
        case .string(let text)?:
            guard !text.allSatisfy(\.isWhitespace) else { throw .invalidField("\"text\" is empty") }
            let length = text.unicodeScalars.count
            guard length <= maxTextCharacters else {
                throw .invalidField("\"text\" has \(length) characters; the limit is \(maxTextCharacters)")
            }
            self.text = text
        case .some: throw .invalidField("\"text\" must be a string")
        }
        switch body["joker"] {
        case nil, .null?: joker = nil
        case .string(let joker)?: self.joker = joker
        case .some: throw .invalidField("\"joker\" must be a string")
        }
    }
}
