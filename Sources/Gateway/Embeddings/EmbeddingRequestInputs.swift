import Registry

/// A fault of an embedding request's body, in no API's terms: what is wrong, the field it is in, and whether the
/// fault is that there is nothing to embed (text-embeddings-inference answers that one 400, the rest 422).
package struct EmbeddingRequestFault: Error, Equatable {
    /// What is wrong, in words.
    package var message: String
    /// The body's field at fault.
    package var field: String
    /// Whether the request has nothing to embed (an empty list, an empty text).
    package var isEmpty = false
}

/// The inputs of an embedding request, as OpenAI's `input` and text-embeddings-inference's `inputs` give them: a
/// string, a list of strings, a list of token ids (one input), or a list of lists of token ids; a list may mix
/// strings and lists of ids. Texts are checked as every route checks them (not blank, within `MAX_TEXT_CHARS`),
/// the list against `MAX_BATCH_SIZE`; token ids must be integers of 0 or more (the model checks its vocabulary).
package enum EmbeddingRequestInputs {
    /// The inputs of `value`, the body's `field`, each text to be read after the prompt named `prompt` (nil: the
    /// model's default).
    package static func read(
        _ value: JSONValue?,
        field: String,
        prompt: String?,
        limits: InputLimits
    ) throws(EmbeddingRequestFault) -> [EmbeddingInput] {
        switch value {
        case nil, .null?:
            throw EmbeddingRequestFault(message: "\"\(field)\" is missing; send a string or a list of strings", field: field)
        case .string(let text)?:
            return [try self.text(text, name: field, field: field, prompt: prompt, limits: limits)]
        case .array(let items)? where !items.isEmpty && items.allSatisfy(\.isNumber):
            return [.tokenIDs(try tokenIDs(items, name: field, field: field))]
        case .array(let items)?:
            guard !items.isEmpty else { throw EmbeddingRequestFault(message: "\"\(field)\" is an empty list", field: field, isEmpty: true) }
            guard items.count <= limits.maxBatchSize else {
                throw EmbeddingRequestFault(
                    message: "\"\(field)\" has \(items.count) inputs; at most \(limits.maxBatchSize) are embedded in one request (MAX_BATCH_SIZE)",
                    field: field
                )
            }
            var inputs: [EmbeddingInput] = []
            inputs.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                let place = "\(field)[\(index)]"
                switch item {
                case .string(let text): inputs.append(try self.text(text, name: place, field: field, prompt: prompt, limits: limits))
                case .array(let ids): inputs.append(.tokenIDs(try tokenIDs(ids, name: place, field: field)))
                default: throw EmbeddingRequestFault(message: "\"\(place)\" must be a string or a list of token ids", field: field)
                }
            }
            return inputs
        case .some:
            throw EmbeddingRequestFault(message: "\"\(field)\" must be a string, a list of strings or a list of token ids", field: field)
        }
    }

    /// The text `name` of the body's `field`, checked.
    private static func text(
        _ text: String,
        name: String,
        field: String,
        prompt: String?,
        limits: InputLimits
    ) throws(EmbeddingRequestFault)
        -> EmbeddingInput
    {
        if let refusal = limits.refusal(of: text, field: name) {
            throw EmbeddingRequestFault(message: refusal, field: field, isEmpty: text.unicodeScalars.allSatisfy(\.properties.isWhitespace))
        }
        return .text(text, prompt: prompt)
    }

    /// Refuses a `dimensions` other than the model's: its embeddings were not trained to be cut shorter
    /// (Matryoshka), and a cut one would be a worse embedding, not a shorter one.
    package static func checkDimensions(_ value: JSONValue?, of model: any EmbeddingOutputModel) throws(EmbeddingRequestFault) {
        let dimension = model.embeddingDimension
        switch value {
        case nil, .null?: return
        case .number(let asked)? where asked == Double(dimension): return
        default:
            throw EmbeddingRequestFault(
                message: "model \(model.descriptor.name) gives embeddings of \(dimension) dimensions only: it was not trained to give shorter "
                    + "ones (it is not a Matryoshka model), so \"dimensions\" must be \(dimension) or left out",
                field: "dimensions"
            )
        }
    }

    /// The largest token id read: above any vocabulary, within `Int32`.
    private static let largestTokenID = Double(Int32.max)

    /// The token ids of `items`, the list `name` of the body's `field`.
    private static func tokenIDs(_ items: [JSONValue], name: String, field: String) throws(EmbeddingRequestFault) -> [Int32] {
        guard !items.isEmpty else { throw EmbeddingRequestFault(message: "\"\(name)\" is an empty list of token ids", field: field, isEmpty: true) }
        var ids: [Int32] = []
        ids.reserveCapacity(items.count)
        for item in items {
            guard case .number(let value) = item, value >= 0, value <= largestTokenID, value.rounded() == value else {
                throw EmbeddingRequestFault(message: "\"\(name)\" must hold token ids, integers of 0 or more; it holds \(item)", field: field)
            }
            ids.append(Int32(value))
        }
        return ids
    }
}

extension JSONValue {
    /// Whether the value is a number.
    fileprivate var isNumber: Bool { if case .number = self { true } else { false } }
}
