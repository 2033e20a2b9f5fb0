import Hummingbird
import NIOCore

extension Embeddings {
    /// OpenAI's answer, `{"data": [{"embedding", "index", "object": "embedding"}], "model", "object": "list", "usage"}`,
    /// written straight into one buffer sized for it: each row as numbers or as base64 of its float32 bytes.
    package func openAIResponse(model: String, base64: Bool) -> Response {
        let rows = tokenCounts.count
        var writer = JSONObjectWriter()
        writer.reserve(64 + rows * (48 + dimension * (base64 ? 6 : 13)))
        writer.add("data") { buffer in
            buffer.writeInteger(UInt8(ascii: "["))
            for row in 0..<rows {
                if row > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                buffer.writeStaticString(#"{"embedding":"#)
                let row = values[row * dimension..<(row + 1) * dimension]
                if base64 {
                    EmbeddingValuesWriter.writeBase64(row, to: &buffer)
                } else {
                    EmbeddingValuesWriter.writeNumbers(row, to: &buffer)
                }
                buffer.writeStaticString(#","index":"#)
                buffer.writeString((row.startIndex / dimension).description)
                buffer.writeStaticString(#","object":"embedding"}"#)
            }
            buffer.writeInteger(UInt8(ascii: "]"))
        }
        writer.add("model", model)
        writer.add("object", "list")
        var usage = JSONObjectWriter()
        usage.add("prompt_tokens", totalTokens)
        usage.add("total_tokens", totalTokens)
        writer.add(object: "usage", usage)
        return writer.response()
    }
}
