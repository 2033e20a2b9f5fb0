import Benchmark
import BenchmarkFixtures
import Foundation
import LinearModel
import Registry
import TreeModel

/// Loading a shipped artifact from its bytes (already read): parsing the JSON, decoding the model and
/// building its vocabulary table, what stands between a server's start and its readiness.
let benchmarks: @Sendable () -> Void = {
    Fixtures.configure()
    let loader = ModelLoader(plugins: [LinearModel.self, TreeModel.self])
    for name in ["lr", "tr"] {
        let file = "\(name).json"
        let data: Data
        do {
            data = try Data(contentsOf: Fixtures.root.appendingPathComponent("models/\(file)"))
        } catch {
            fatalError("cannot read models/\(file): \(error)")
        }
        Benchmark("Load \(name) artifact (\(data.count) B)") { _ in
            do {
                blackHole(try loader.loadArtifact(data, file: file))
            } catch {
                fatalError("models/\(file) did not load: \(error)")
            }
        }
    }
}
