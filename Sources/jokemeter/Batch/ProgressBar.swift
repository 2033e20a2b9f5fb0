import Foundation
import Glibc

/// A progress bar on standard error, for a large input read on a terminal: `[#####     ]  52 %  99/190 MB`.
/// Nothing is drawn when standard error is not a terminal (a pipe, a log file) or the input's size is unknown.
struct ProgressBar {
    /// Inputs smaller than this finish before a bar would be worth drawing.
    static let smallestInput = 16 << 20

    private let total: Int
    private var done = 0
    private var drawnPercent = -1

    /// A bar for an input of `total` bytes, or nil when none should be drawn.
    init?(total: Int?, onTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        guard onTerminal, let total, total >= Self.smallestInput else { return nil }
        self.total = total
    }

    /// The size of the regular file open at `descriptor`, or nil for a pipe or a terminal.
    static func size(of descriptor: Int32) -> Int? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(status.st_size)
    }

    /// Counts `bytes` more as done, drawing the bar again when a percent more is done.
    mutating func advance(_ bytes: Int) {
        done += bytes
        let percent = min(100, done * 100 / max(total, 1))
        guard percent != drawnPercent else { return }
        drawnPercent = percent
        let filled = percent * 30 / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled)
        StandardError.writeRaw("\r[\(bar)] \(String(format: "%3d", percent)) %  \(done >> 20)/\(total >> 20) MB")
    }

    /// Ends the bar's line.
    func finish() { StandardError.writeRaw("\n") }
}
