import Foundation
import Registry
import Testing
import Training

/// A trainer for these tests whose candidates shrink the training mean towards a fixed number; the
/// search must pick the one whose predictions are best out of fold.
private struct ShrinkTrainer: ModelTrainer {
    struct Parameters: Encodable, Sendable, CustomStringConvertible {
        var toward: Double
        var description: String { "toward \(toward)" }
    }

    struct Fitted: TrainedModel {
        var rating: Double
        func predict(_ text: String) -> Double { rating }
        var vectorizerSection: any Encodable & Sendable { ["analyzer": "none"] }
        var estimatorSection: any Encodable & Sendable { ["rating": rating] }
    }

    let kind = "constant"
    let modelName = "shrink"
    let parameterGrid = [Parameters(toward: 100), Parameters(toward: 3), Parameters(toward: -50)]

    func fit(texts: [String], targets: [Double], parameters: Parameters) throws -> any TrainedModel {
        Fitted(rating: (targets.reduce(0, +) / Double(targets.count) + parameters.toward) / 2)
    }
}

@Suite struct CrossValidatedSearchTests {
    let data = DataSet(name: "d.csv", sha256: "abc", texts: (0..<20).map { "t\($0)" }, targets: (0..<20).map { Double($0 % 5) + 1 })

    @Test func picksTheCandidateWithTheLowestMeanRMSEAndRecordsTheBaseline() throws {
        let lines = LockedLines()
        let outcome = try CrossValidatedSearch(folds: 4, seed: 1, progress: lines.append).run(ShrinkTrainer(), on: data)
        #expect(outcome.parameters == "toward 3.0")
        #expect(outcome.record.params == ["toward": .number(3)])
        #expect(outcome.record.rows == 20 && outcome.record.dataset == "d.csv" && outcome.record.sha256 == "abc")
        let cv = try #require(outcome.record.cv)
        #expect(cv.folds == 4)
        #expect(cv.baselineRmse > 0)
        #expect(outcome.model.predict("x") == 3)  // (mean 3 + 3) / 2 on all rows
        #expect(lines.lines.count == 4)
        #expect(lines.lines[0].hasPrefix("shrink fold 1/4: 3 candidates"))
    }

    @Test func tooFewRowsForTheFolds() {
        #expect(throws: DataSetError.tooFewRows(file: "d.csv", rows: 20, folds: 21)) {
            try CrossValidatedSearch(folds: 21).run(ShrinkTrainer(), on: data)
        }
    }

    @Test func writtenArtifactsAreByteIdenticalForTheSameModel() throws {
        let outcome = try CrossValidatedSearch(folds: 4).run(ShrinkTrainer(), on: data)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("writer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let when = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try Data(contentsOf: ArtifactWriter(directory: directory, version: "9.9.9").write(outcome, createdAt: when))
        let second = try Data(contentsOf: ArtifactWriter(directory: directory, version: "9.9.9").write(outcome, createdAt: when))
        #expect(first == second)
        let json = try #require(String(data: first, encoding: .utf8))
        #expect(json.contains(#""name":"shrink""#) && json.contains(#""version":"9.9.9""#) && json.contains(#""createdAt":"2027-01-15T08:00:00Z""#))
        #expect(json.contains(#""format":"jokemeter.model""#) && json.contains(#""formatVersion":1"#))
    }
}

/// Progress lines collected from any thread.
final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var lines: [String] { lock.withLock { stored } }

    func append(_ line: String) { lock.withLock { stored.append(line) } }
}
