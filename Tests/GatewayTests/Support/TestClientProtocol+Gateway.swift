import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// The requests the tests make, as a client of the gateway makes them (a typed request is sent as JSON, with
/// `Content-Type: application/json`), and their answers as typed values.
extension TestClientProtocol {
    /// Rates `text` at `uri`, naming `model` in `X-Model` when one is given.
    func predict(
        _ text: String,
        joker: String? = nil,
        model: String? = nil,
        headers: HTTPFields = [:],
        at uri: String = "/api/v1/predict"
    ) async throws -> Answer<Prediction> {
        try await post(uri, json: TextRequest(text: text, joker: joker), model: model, headers: headers)
    }

    /// Rates each of `texts` at `uri`, naming `model` in `X-Model` when one is given.
    func predict(
        batch texts: [String],
        joker: String? = nil,
        model: String? = nil,
        at uri: String = "/api/v1/predict/batch"
    ) async throws -> Answer<BatchPrediction> {
        try await post(uri, json: BatchRequest(texts: texts, joker: joker), model: model)
    }

    /// Asks why `text` rates as it does at `uri`, by `method` when one is given (else the model's own).
    func explain(
        _ text: String,
        method: String? = nil,
        model: String? = nil,
        at uri: String = "/api/v1/explain"
    ) async throws -> Answer<ExplainedRating> {
        try await post(uri, json: TextRequest(text: text, method: method), model: model)
    }

    /// Rates `texts` at the Open Inference Protocol's `uri`, sent as the one input `text`, flat.
    func infer(_ texts: [String], at uri: String) async throws -> Answer<InferenceResponse> {
        try await post(uri, json: InferenceRequest(inputs: [.init(name: "text", datatype: "BYTES", shape: [texts.count], data: texts)]))
    }

    /// POSTs `body` as it is written (the requests whose bytes are the point), or nothing, and reads the answer as `Value`.
    func post<Value: Decodable>(_ uri: String, _ body: String? = nil, headers: HTTPFields = [:], as type: Value.Type) async throws -> Answer<Value> {
        try await request(uri, method: .post, headers: headers, body: body.map { ByteBuffer(string: $0) }, as: type)
    }

    /// GETs `uri` and reads the answer as `Value`.
    func get<Value: Decodable>(_ uri: String, headers: HTTPFields = [:], as type: Value.Type) async throws -> Answer<Value> {
        try await request(uri, method: .get, headers: headers, as: type)
    }

    /// Sends `method` to `uri` and reads the answer as `Value`.
    func request<Value: Decodable>(
        _ uri: String,
        method: HTTPRequest.Method,
        headers: HTTPFields = [:],
        body: ByteBuffer? = nil,
        as type: Value.Type
    ) async throws -> Answer<Value> {
        let response = try await execute(uri: uri, method: method, headers: headers, body: body)
        return Answer(status: response.status, headers: response.headers, body: response.body)
    }

    private func post<Value: Decodable>(
        _ uri: String,
        json request: some Encodable,
        model: String? = nil,
        headers: HTTPFields = [:]
    ) async throws -> Answer<Value> {
        var headers = headers
        headers[.contentType] = "application/json"
        if let model { headers[.modelName] = model }
        return try await self.request(uri, method: .post, headers: headers, body: ByteBuffer(data: try JSONEncoder().encode(request)), as: Value.self)
    }
}

/// `{"text", "joker", "method"}`: predict's and explain's body (a field left nil is left out).
private struct TextRequest: Encodable {
    var text: String
    var joker: String?
    var method: String?
}

/// `{"texts", "joker"}`: predict/batch's body.
private struct BatchRequest: Encodable {
    var texts: [String]
    var joker: String?
}

/// An Open Inference Protocol request of one input.
private struct InferenceRequest: Encodable {
    struct Input: Encodable {
        var name: String
        var datatype: String
        var shape: [Int]
        var data: [String]
    }

    var inputs: [Input]
}
