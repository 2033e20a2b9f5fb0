extension Readiness {
    /// Throws 503 while the models are still loading and warming up.
    func requireStarted() throws(GatewayError) {
        guard current != .starting else { throw .unavailable("starting: models are loading and warming up") }
    }

    /// Throws 503 unless the service takes traffic: while starting, and from SIGTERM on.
    func requireReady() throws(GatewayError) {
        try requireStarted()
        guard current != .draining else { throw .unavailable("draining: the service is shutting down") }
    }
}
