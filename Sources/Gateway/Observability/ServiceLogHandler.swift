import Foundation
import Logging
import NIOCore

/// The server's log lines on standard error: swift-log's `StreamLogHandler` layout
/// (`2026-11-25T10:00:00+0000 info jokemeter : key=value message`), or one JSON object per line
/// (`LOG_FORMAT=json`: `{"level":…,"logger":…,"message":…,"time":…}` plus the metadata's keys).
///
/// Unlike `StreamLogHandler`, setting metadata costs a dictionary write: the metadata is rendered only
/// when a line is written. Hummingbird's request id (`hb.request.id`) is written as `request_id`.
///
/// A line is written as bytes into one buffer, and lines reach standard error in batches
/// (``BatchedLineWriter``, warnings and errors at once): the line of every request is on at the default
/// level, and rendering it through strings, `strftime` and `FileHandle`, one `write` a line, took about a
/// tenth of the server's CPU under predict load.
public struct ServiceLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let format: LogFormat
    /// Writes a line; the level says whether it may wait for the next batch.
    private let write: @Sendable (ByteBuffer, Logger.Level) -> Void

    /// A handler for the logger `label`, writing each line in `format` to standard error, or to `write` when
    /// one is given (tests collect the lines so).
    public init(label: String, format: LogFormat = .text, write: (@Sendable (String) -> Void)? = nil) {
        self.label = label
        self.format = format
        if let write {
            self.write = { line, _ in write(String(buffer: line)) }
        } else {
            self.write = { line, level in BatchedLineWriter.standardError.write(line, now: level >= .warning) }
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let fields = fields(adding: event.metadata)
        switch format {
        case .text: write(textLine(event, fields), event.level)
        case .json: write(jsonLine(event, fields), event.level)
        }
    }

    /// The handler's metadata and the line's own (which wins on a shared key), sorted by key, with
    /// Hummingbird's request id under its written name.
    private func fields(adding explicit: Logger.Metadata?) -> [(key: String, value: Logger.Metadata.Value)] {
        var fields: [(key: String, value: Logger.Metadata.Value)] = []
        fields.reserveCapacity(metadata.count + (explicit?.count ?? 0))
        for (key, value) in metadata where explicit?[key] == nil { fields.append((key, value)) }
        for (key, value) in explicit ?? [:] { fields.append((key, value)) }
        for index in fields.indices where fields[index].key == "hb.request.id" { fields[index].key = "request_id" }
        fields.sort { $0.key < $1.key }
        return fields
    }

    private func textLine(_ event: LogEvent, _ fields: [(key: String, value: Logger.Metadata.Value)]) -> ByteBuffer {
        var line = ByteBufferAllocator().buffer(capacity: 256)
        line.writeTimestamp(time(nil))
        line.writeInteger(UInt8(ascii: " "))
        line.writeString(event.level.rawValue)
        line.writeInteger(UInt8(ascii: " "))
        line.writeString(label)
        line.writeStaticString(" :")
        for (key, value) in fields {
            line.writeInteger(UInt8(ascii: " "))
            line.writeString(key)
            line.writeInteger(UInt8(ascii: "="))
            line.writeString(value.description)
        }
        line.writeInteger(UInt8(ascii: " "))
        line.writeString(event.message.description)
        line.writeInteger(UInt8(ascii: "\n"))
        return line
    }

    private func jsonLine(_ event: LogEvent, _ fields: [(key: String, value: Logger.Metadata.Value)]) -> ByteBuffer {
        var object = JSONObjectWriter()
        object.add("level", event.level.rawValue)
        object.add("logger", label)
        object.add("message", event.message.description)
        var time = ByteBufferAllocator().buffer(capacity: 24)
        time.writeTimestamp(Foundation.time(nil))
        object.add("time", String(buffer: time))
        for (key, value) in fields where !Self.jsonLineKeys.contains(key) {
            if case .stringConvertible(let number as any BinaryInteger) = value, let integer = Int(exactly: number) {
                object.add(dynamicKey: key, integer)
            } else if case .stringConvertible(let number as Double) = value, number.isFinite {
                object.add(dynamicKey: key, number)
            } else {
                object.add(dynamicKey: key, value.description)
            }
        }
        return object.line
    }

    /// The keys every JSON line has; metadata of the same name is left out rather than written twice.
    private static let jsonLineKeys: Set<String> = ["level", "logger", "message", "time"]
}

extension ByteBuffer {
    /// Writes `seconds` since the epoch as `2026-11-25T10:00:00+0000` (UTC), digit by digit into the
    /// buffer's memory.
    package mutating func writeTimestamp(_ seconds: time_t) {
        var now = seconds
        var parts = tm()
        gmtime_r(&now, &parts)
        writeWithUnsafeMutableBytes(minimumWritableBytes: 24) { bytes in
            var index = 0
            func put(_ value: Int32, digits: Int, then separator: UInt8?) {
                var divisor: Int32 = digits == 4 ? 1000 : 10
                while divisor > 0 {
                    bytes[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: (value / divisor) % 10)
                    index += 1
                    divisor /= 10
                }
                if let separator {
                    bytes[index] = separator
                    index += 1
                }
            }
            put(parts.tm_year + 1900, digits: 4, then: UInt8(ascii: "-"))
            put(parts.tm_mon + 1, digits: 2, then: UInt8(ascii: "-"))
            put(parts.tm_mday, digits: 2, then: UInt8(ascii: "T"))
            put(parts.tm_hour, digits: 2, then: UInt8(ascii: ":"))
            put(parts.tm_min, digits: 2, then: UInt8(ascii: ":"))
            put(parts.tm_sec, digits: 2, then: nil)
            for byte in "+0000".utf8 {
                bytes[index] = byte
                index += 1
            }
            return index
        }
    }
}

/// How log lines are written (`--log-format` / `LOG_FORMAT`).
public enum LogFormat: String, Sendable, CaseIterable {
    /// `time level logger : key=value message`, for people.
    case text
    /// One JSON object per line, for log collectors.
    case json
}
