import Logging

/// swift-log set up once for a command: plain `message` lines on stderr, so progress reads like a tool's
/// output and never mixes with the results on stdout.
enum CommandLogging {
    /// A logger writing to stderr; the first call bootstraps the logging system.
    static func logger(for label: String) -> Logger {
        bootstrap
        return Logger(label: "jokemeter.\(label)")
    }

    private static let bootstrap: Void = LoggingSystem.bootstrap { _ in PlainStderrLogHandler() }
}

/// A log handler that writes each message alone on one line of stderr.
struct PlainStderrLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        StandardError.write(event.level >= .warning ? "\(event.level): \(event.message)" : "\(event.message)")
    }
}
