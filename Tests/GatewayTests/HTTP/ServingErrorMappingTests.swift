import Gateway
import HTTPTypes
import Registry
import Testing

/// The serving core's errors carry no status; the HTTP routes map them once, each protocol its own way.
@Suite struct ServingErrorMappingTests {
    @Test(arguments: [
        (ExecutionError.queueFull(model: "emb", retryAfter: .milliseconds(200)), HTTPResponse.Status.serviceUnavailable),
        (.timedOut(model: "emb", after: .seconds(2)), .gatewayTimeout),
        (.stopped(model: "emb"), .serviceUnavailable),
        (.deadlineExpired(model: "emb"), .gatewayTimeout),
        (.cancelled(model: "emb"), HTTPResponse.Status(code: 499)),
        (.modelFault(model: "emb"), .internalServerError),
    ])
    func executionErrorsAnswerTheirStatus(error: ExecutionError, status: HTTPResponse.Status) {
        #expect(GatewayError(error).status == status)
        #expect(GatewayError(ServingError.execution(error)) == GatewayError(error))
        #expect(GatewayError(inference: .execution(error)) == GatewayError(error), "only input faults differ between the routes")
    }

    @Test func aFullQueueAsksForAtLeastOneWholeSecond() {
        #expect(
            GatewayError(ExecutionError.queueFull(model: "emb", retryAfter: .milliseconds(200))) == .overloaded(model: "emb", retryAfterSeconds: 1)
        )
        #expect(
            GatewayError(ExecutionError.queueFull(model: "emb", retryAfter: .milliseconds(2500))) == .overloaded(model: "emb", retryAfterSeconds: 3)
        )
    }

    @Test func anInputFaultIs422OnTheAPIAnd400UnderTheOpenInferenceProtocol() {
        #expect(GatewayError(ServingError.invalidInput("too long")).status == .unprocessableContent)
        #expect(GatewayError(inference: .invalidInput("too long")).status == .badRequest)
        #expect(GatewayError(inference: .invalidInput("too long")).message == "too long")
    }

    @Test func repositoryErrorsAnswerTheirStatus() {
        #expect(GatewayError(RepositoryError.noFolder("no folder")).status == .forbidden)
        #expect(GatewayError(RepositoryError.unknownModel(UnknownModel(name: "x", available: ["lr"]))).status == .notFound)
        #expect(GatewayError(RepositoryError.refused("it is the default model")).status == .conflict)
    }
}
