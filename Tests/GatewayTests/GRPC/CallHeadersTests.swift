import GRPCCore
import Gateway
import NIOHPACK
import Testing

/// gRPC's headers as the transport reads and writes them.
@Suite struct CallHeadersTests {
    private let call: HPACKHeaders = [
        ":method": "POST", ":scheme": "http", ":path": "/inference.GRPCInferenceService/ModelInfer", ":authority": "x",
        "content-type": "application/grpc+proto", "te": "trailers", "grpc-timeout": "250m", "x-request-id": "abc",
        "trace-bin": "AAEC",
    ]

    @Test func aCallsMethodAndMetadataAreRead() throws {
        guard case .call(let method, let metadata) = CallHeaders.request(call) else {
            Issue.record("refused")
            return
        }
        #expect(method == MethodDescriptor(fullyQualifiedService: "inference.GRPCInferenceService", method: "ModelInfer"))
        #expect(Array(metadata[stringValues: "x-request-id"]) == ["abc"])
        #expect(Array(metadata[stringValues: "grpc-timeout"]) == ["250m"])
        #expect(Array(metadata[binaryValues: "trace-bin"]) == [[0, 1, 2]])
        #expect(metadata.count == 3, "only the call's own metadata: no pseudo-header, content-type or te")
    }

    @Test(arguments: [
        (":method", "GET", "POSTs"),
        ("content-type", "application/json", "application/grpc"),
        ("grpc-encoding", "gzip", "compression gzip is not supported"),
        (":path", "/nope", "/package.Service/Method"),
    ])
    func aRequestThatIsNoGRPCCallIsRefusedSayingWhy(name: String, value: String, says: String) {
        var headers = call
        headers.replaceOrAdd(name: name, value: value)
        guard case .refused(let status) = CallHeaders.request(headers) else {
            Issue.record("not refused")
            return
        }
        #expect(status.code == .unimplemented)
        #expect(status.message.contains(says))
    }

    @Test func trailersCarryTheStatusTheMessagePercentEncoded() {
        let trailers = CallHeaders.trailers(Status(code: .notFound, message: "модель \"x\" 100%"), ["x-model": "lr"], trailersOnly: false)
        #expect(trailers.first(name: "grpc-status") == "5")
        #expect(trailers.first(name: "grpc-message") == "%D0%BC%D0%BE%D0%B4%D0%B5%D0%BB%D1%8C \"x\" 100%25")
        #expect(trailers.first(name: "x-model") == "lr")
        #expect(trailers.first(name: ":status") == nil)
        let only = CallHeaders.trailers(Status(code: .ok, message: ""), [:], trailersOnly: true)
        #expect(only.first(name: ":status") == "200" && only.first(name: "content-type") == "application/grpc")
        #expect(only.first(name: "grpc-message") == nil)
    }

    @Test func binaryMetadataIsSentAsBase64UnderABinKey() {
        let headers = CallHeaders.response(["trace-bin": .binary([0, 1, 2]), "x-model": "lr"])
        #expect(headers.first(name: "trace-bin") == "AAEC")
        #expect(headers.first(name: ":status") == "200")
    }
}
