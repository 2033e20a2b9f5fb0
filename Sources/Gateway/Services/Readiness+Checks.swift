extension Readiness {
    /// Throws 503 while the models are still loading and warming up.
    func requireStarted() throws(GatewayError) {
        if current == .starting, let reason = State.starting.unavailableReason { throw .unavailable(reason) }
    }

    /// Throws 503 unless the service takes traffic: while starting, and from SIGTERM on.
    func requireReady() throws(GatewayError) {
        if let reason = current.unavailableReason { throw .unavailable(reason) }
    }
}
