import ServiceLifecycle
import UnixSignals

/// Reloads the models on each SIGHUP, until graceful shutdown.
struct ReloadSignalService: Service {
    let reloader: ModelReloader

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            _ = await reloader.reload(trigger: "SIGHUP")
        }
    }
}
