import Foundation

/// The summary printed at the end of a run.
struct LoadReport {
    let totals: LoadRecorder.Totals
    let elapsed: Duration
    let concurrency: Int

    var failed: Int { totals.failures.values.reduce(0, +) + totals.answers.filter { !(200..<300).contains($0.key.status) }.values.reduce(0, +) }

    var text: String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let sent = totals.done
        var lines: [String] = []
        lines.append(
            "requests \(sent) in \(String(format: "%.2f", seconds)) s with \(concurrency) connections: "
                + "\(String(format: "%.1f", seconds > 0 ? Double(sent) / seconds : 0)) req/s"
        )
        if totals.latencies.totalCount > 0 {
            let latency = totals.latencies
            let parts = [("p50", 50.0), ("p90", 90.0), ("p99", 99.0), ("p99.9", 99.9)].map { name, percentile in
                "\(name) \(Self.milliseconds(latency.valueAtPercentile(percentile)))"
            }
            lines.append("latency ms: " + parts.joined(separator: "  ") + "  max \(Self.milliseconds(latency.max))")
        }
        for (key, count) in totals.answers.sorted(by: { $0.key < $1.key }) {
            lines.append("model \(key.model) status \(key.status): \(count)")
        }
        for (reason, count) in totals.failures.sorted(by: { $0.key < $1.key }) {
            lines.append("no answer (\(reason)): \(count)")
        }
        lines.append("failed \(failed)")
        return lines.joined(separator: "\n")
    }

    private static func milliseconds(_ microseconds: UInt64) -> String { String(format: "%.2f", Double(microseconds) / 1000) }
}
