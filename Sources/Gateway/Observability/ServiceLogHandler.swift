import Foundation
import Logging

/// The server's log lines on standard error: swift-log's `StreamLogHandler` layout
/// (`2026-11-25T10:00:00+0000 info jokemeter : key=value message`), or one JSON object per line
/// (`LOG_FORMAT=json`: `{"level":…,"logger":…,"message":…,"time":…}` plus the metadata's keys).
///
/// Unlike `StreamLogHandler`, setting metadata costs a dictionary write: the metadata is rendered only
/// when a line is written. Hummingbird's request id (`hb.request.id`) is written as `request_id`.
public struct ServiceLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let format: LogFormat
    private let write: @Sendable (String) -> Void

    /// A handler for the logger `label`, writing each line in `format` with `write` (standard error by default).
    public init(
        label: String,
        format: LogFormat = .text,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.label = label
        self.format = format
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        var all = metadata
        if let explicit = event.metadata { all.merge(explicit) { $1 } }
        if let id = all.removeValue(forKey: "hb.request.id") { all["request_id"] = id }
        let fields = all.sorted { $0.key < $1.key }
        switch format {
        case .text:
            let rendered = fields.isEmpty ? "" : " " + fields.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            write("\(Self.timestamp()) \(level) \(label) :\(rendered) \(message)\n")
        case .json:
            var object = JSONObjectWriter()
            object.add("level", level.rawValue)
            object.add("logger", label)
            object.add("message", message.description)
            object.add("time", Self.timestamp())
            for (key, value) in fields where !Self.jsonLineKeys.contains(key) {
                if case .stringConvertible(let number as any BinaryInteger) = value, let integer = Int(exactly: number) {
                    object.add(dynamicKey: key, integer)
                } else if case .stringConvertible(let number as Double) = value, number.isFinite {
                    object.add(dynamicKey: key, number)
                } else {
                    object.add(dynamicKey: key, value.description)
                }
            }
            write(object.json + "\n")
        }
    }

    /// The keys every JSON line has; metadata of the same name is left out rather than written twice.
    private static let jsonLineKeys: Set<String> = ["level", "logger", "message", "time"]

    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S+0000", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// How log lines are written (`--log-format` / `LOG_FORMAT`).
public enum LogFormat: String, Sendable, CaseIterable {
    /// `time level logger : key=value message`, for people.
    case text
    /// One JSON object per line, for log collectors.
    case json
}
