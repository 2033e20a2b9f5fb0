import Dispatch
import Foundation
import Registry
import Synchronization

/// Threads that rate a block's records in contiguous runs, each run with a buffer of its own that is written
/// out in run order.
///
/// A block has several runs per thread, taken by the threads as they come free: with one run per thread, the
/// thread that got the slower half kept the other waiting at the end of every block; with four (runs of 1 MB of
/// an 8 MB block) the last run still kept a core idle for a few milliseconds a block.
package final class WorkerPool {
    /// Runs per thread and block.
    static let runsPerThread = 16

    private let threads: Int
    private let workers: [RatingWorker]

    /// A pool of `threads` threads.
    init(threads: Int) {
        self.threads = threads
        workers = (0..<threads * Self.runsPerThread).map { _ in RatingWorker() }
    }

    /// Splits `records` into the pool's runs and has `body` handle each run, on up to `threads` threads at once,
    /// while one of them does `alongside` first; returns the failure of the earliest run that failed, with the
    /// index of its worker.
    func dispatch(
        _ records: ArraySlice<RecordSpan>,
        alongside: () -> Void = {},
        _ body: (ArraySlice<RecordSpan>, RatingWorker) -> BatchError?
    ) -> (worker: Int, error: BatchError)? {
        Self.forEachRun(of: records.count, runs: workers.count, threads: threads, alongside: alongside) { runs, index in
            let start = records.startIndex
            // Each worker is written by the one thread that has its run, and read once every run is done.
            workers[index].failure = body(records[(start + runs.lowerBound)..<(start + runs.upperBound)], workers[index])
        }
        return workers.indices.lazy.compactMap { index in self.workers[index].failure.map { (index, $0) } }.first
    }

    /// The ratings of `texts` by `model`, in order, rated on `workers` threads: `jokemeter evaluate`'s path.
    static func ratings(of texts: [String], by model: any TextModel, workers: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Double] {
        [Double](unsafeUninitializedCapacity: texts.count) { buffer, initialized in
            let ratings = buffer
            forEachRun(of: texts.count, runs: max(1, workers), threads: max(1, workers)) { run, _ in
                for index in run { (ratings.baseAddress! + index).initialize(to: model.predict(texts[index])) }
            }
            initialized = texts.count
        }
    }

    /// Splits `0..<count` into `runs` contiguous runs, in order, and calls `body` with each run and its index, on
    /// up to `threads` threads at once, each taking the next run as it comes free, while one of the threads does
    /// `alongside` first and then takes runs too (all on this thread when there is one, or when there are too few
    /// items to be worth waking threads for).
    ///
    /// `alongside` is how `jokemeter predict` reads its next block while this one is rated: done before or
    /// after the runs, it left a core idle for a fifth of the time.
    package static func forEachRun(of count: Int, runs: Int, threads: Int, alongside: () -> Void = {}, _ body: (Range<Int>, Int) -> Void) {
        let length = (count + runs - 1) / runs
        let run = { (index: Int) in min(count, index * length)..<min(count, (index + 1) * length) }
        if count < 2 * runs || threads == 1 {
            alongside()
            for index in 0..<runs { body(run(index), index) }
            return
        }
        // concurrentPerform returns once every iteration has, so neither closure outlives this call; each run
        // touches only its own records, slots and worker, and `alongside` only what the runs do not: sharing
        // them across the threads is safe.
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { body in
            withoutActuallyEscaping(alongside) { alongside in
                let work = UncheckedSendable((body, run, alongside))
                DispatchQueue.concurrentPerform(iterations: threads + 1) { iteration in
                    if iteration == 0 { work.value.2() }
                    while case let index = next.add(1, ordering: .relaxed).oldValue, index < runs {
                        work.value.0(work.value.1(index), index)
                    }
                }
            }
        }
    }

    /// Writes the workers' buffers in order, through worker `last` (all of them when nil).
    func write(to output: OutputFile, upTo last: Int?) throws(BatchError) {
        for worker in workers[...(last ?? workers.count - 1)] { try output.write(worker.output) }
    }
}

/// A value handed to threads that are known to finish before it goes away, each using a part of it of its own.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}
