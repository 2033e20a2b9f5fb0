import GRPCCore
import Gateway
import Registry
import Testing

/// The serving core's errors as gRPC status codes: each mapped once, with the message the JSON errors give.
@Suite struct GRPCStatusMappingTests {
    @Test(arguments: [
        (ExecutionError.queueFull(model: "emb", retryAfter: .milliseconds(1500)), RPCError.Code.unavailable),
        (.timedOut(model: "emb", after: .seconds(2)), .deadlineExceeded),
        (.deadlineExpired(model: "emb"), .deadlineExceeded),
        (.cancelled(model: "emb"), .cancelled),
        (.stopped(model: "emb"), .unavailable),
        (.modelFault(model: "emb"), .internalError),
    ])
    func executionErrorsAnswerTheirCode(error: ExecutionError, code: RPCError.Code) {
        let status = RPCError(error)
        #expect(status.code == code)
        #expect(status.message == error.message)
        #expect(RPCError(ServingError.execution(error)).code == code)
    }

    @Test func aFullQueueSaysWhenToTryAgainInGRPCsPushbackTrailer() {
        let status = RPCError(ExecutionError.queueFull(model: "emb", retryAfter: .milliseconds(1500)))
        #expect(Array(status.metadata[stringValues: RPCError.retryPushbackKey]) == ["1500"])
        #expect(status.message.contains("model emb"))
        #expect(Array(RPCError(ExecutionError.stopped(model: "emb")).metadata[stringValues: RPCError.retryPushbackKey]).isEmpty)
    }

    @Test func anInputFaultIsAnInvalidArgumentSayingWhatIsWrong() {
        let status = RPCError(ServingError.invalidInput("the text is 2000 tokens long"))
        #expect(status.code == .invalidArgument)
        #expect(status.message == "the text is 2000 tokens long")
    }

    @Test func anUnknownModelOrVersionIsNotFoundNamingWhatIsLoaded() {
        let model = RPCError(UnknownModel(name: "big", available: ["lr", "tr"]))
        #expect(model.code == .notFound)
        #expect(model.message == UnknownModel(name: "big", available: ["lr", "tr"]).description)
        #expect(RPCError(UnknownModel(name: "lr", version: "9.0.0", versions: ["1.0.0"])).code == .notFound)
    }

    @Test func repositoryErrorsAnswerTheirCode() {
        #expect(RPCError(RepositoryError.noFolder("no folder")).code == .failedPrecondition)
        #expect(RPCError(RepositoryError.unknownModel(UnknownModel(name: "x", available: ["lr"]))).code == .notFound)
        #expect(
            RPCError(RepositoryError.refused("it is the default model")) == RPCError(code: .failedPrecondition, message: "it is the default model")
        )
    }

    @Test func notReadyIsUnavailableSayingWhy() {
        #expect(RPCError.unavailable(.starting) == RPCError(code: .unavailable, message: "starting: models are loading and warming up"))
        #expect(RPCError.unavailable(.draining).message == "draining: the service is shutting down")
    }
}

extension GRPCStatusMappingTests {
    @Test func theAdminTokenIsAskedForWhenMissingAndRefusedWhenAnother() throws {
        let token = AdminToken(token: "0123456789abcdef")
        #expect(throws: Never.self) { try token.check(credentials: "Bearer 0123456789abcdef") }
        #expect(throws: AdminToken.Refusal.missing) { try token.check(credentials: nil) }
        #expect(throws: AdminToken.Refusal.mismatched) { try token.check(credentials: "Bearer 0123456789abcdeF") }
        #expect(throws: AdminToken.Refusal.disabled) { try AdminToken(token: nil).check(credentials: "Bearer x") }
        #expect(RPCError(AdminToken.Refusal.missing).code == .unauthenticated)
        #expect(RPCError(AdminToken.Refusal.mismatched).code == .permissionDenied)
        #expect(RPCError(AdminToken.Refusal.disabled) == RPCError(code: .permissionDenied, message: "admin routes are disabled; set ADMIN_TOKEN"))
    }
}
