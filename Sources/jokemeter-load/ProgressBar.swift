import Foundation

/// A one-line progress bar on standard error, redrawn in place: `[#####.....] 512/1000  1830 req/s`.
struct ProgressBar: Sendable {
    let total: Int
    let width = 30

    func line(done: Int, elapsed: Duration) -> String {
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let filled = Int((fraction * Double(width)).rounded(.down))
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return "[\(bar)] \(done)/\(total)  \(Int(rate.rounded())) req/s"
    }

    func draw(done: Int, elapsed: Duration) {
        FileHandle.standardError.write(Data(("\r" + line(done: done, elapsed: elapsed)).utf8))
    }

    func finish(done: Int, elapsed: Duration) {
        FileHandle.standardError.write(Data(("\r" + line(done: done, elapsed: elapsed) + "\n").utf8))
    }
}
