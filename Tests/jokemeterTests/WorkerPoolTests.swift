import Synchronization
import Testing
import jokemeter

/// The batch path's threads: every run of a block once, in its place, and the next block read beside them.
@Suite struct WorkerPoolTests {
    @Test(arguments: [(0, 8, 2), (5, 8, 2), (16, 8, 2), (1000, 32, 2), (1001, 32, 3), (1000, 32, 1)])
    func everyItemIsInOneRunAndTheTaskAlongsideRunsOnce(count: Int, runs: Int, threads: Int) {
        let seen = Mutex([Int](repeating: 0, count: count))
        let runIndices = Mutex([Int]())
        let alongside = Atomic<Int>(0)
        WorkerPool.forEachRun(of: count, runs: runs, threads: threads) {
            alongside.add(1, ordering: .relaxed)
        } _: { run, index in
            seen.withLock { for item in run { $0[item] += 1 } }
            runIndices.withLock { $0.append(index) }
            // Runs are contiguous and in index order: run `index` starts where the runs before it end.
            let length = (count + runs - 1) / runs
            #expect(run.isEmpty || run.lowerBound == index * length)
        }
        #expect(seen.withLock { $0 } == [Int](repeating: 1, count: count))
        #expect(runIndices.withLock { $0.sorted() } == Array(0..<runs))
        #expect(alongside.load(ordering: .relaxed) == 1)
    }
}
