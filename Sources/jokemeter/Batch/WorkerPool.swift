import Dispatch
import Foundation
import Registry

/// Threads that each take one contiguous run of a block's records, with a buffer of their own that is written
/// out in run order.
final class WorkerPool {
    private let workers: [RatingWorker]

    /// A pool of `count` workers.
    init(count: Int) {
        workers = (0..<count).map { _ in RatingWorker() }
    }

    /// Splits `records` into one run per worker and has `body` handle each run on its own thread; returns the
    /// failure of the earliest run that failed, with the index of its worker.
    func rate(
        _ records: ArraySlice<RecordSpan>,
        _ body: (ArraySlice<RecordSpan>, RatingWorker) -> BatchError?
    ) -> (worker: Int, error: BatchError)? {
        let failures = Failures(count: workers.count)
        Self.forEachRun(of: records.count, runs: workers.count) { runs, index in
            let start = records.startIndex
            failures.set(index, body(records[(start + runs.lowerBound)..<(start + runs.upperBound)], workers[index]))
        }
        return failures.first
    }

    /// The ratings of `texts` by `model`, in order, rated on `workers` threads: `jokemeter evaluate`'s path.
    static func ratings(of texts: [String], by model: any TextModel, workers: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Double] {
        [Double](unsafeUninitializedCapacity: texts.count) { buffer, initialized in
            let ratings = buffer
            forEachRun(of: texts.count, runs: max(1, workers)) { run, _ in
                for index in run { (ratings.baseAddress! + index).initialize(to: model.predict(texts[index])) }
            }
            initialized = texts.count
        }
    }

    /// Splits `0..<count` into `runs` contiguous runs, in order, and calls `body` with each run and its index,
    /// on as many threads at once (on this one when there are too few items to be worth waking threads for).
    static func forEachRun(of count: Int, runs: Int, _ body: (Range<Int>, Int) -> Void) {
        let length = (count + runs - 1) / runs
        if count < 2 * runs || runs == 1 {
            for index in 0..<runs { body(min(count, index * length)..<min(count, (index + 1) * length), index) }
        } else {
            // concurrentPerform returns once every iteration has, so `body` never outlives this call, and each
            // run touches only its own records, slots and worker: sharing it across the threads is safe.
            withoutActuallyEscaping(body) { body in
                let work = UncheckedSendable(body)
                DispatchQueue.concurrentPerform(iterations: runs) { index in
                    work.value(min(count, index * length)..<min(count, (index + 1) * length), index)
                }
            }
        }
    }

    /// Writes the workers' buffers in order, through worker `last` (all of them when nil).
    func write(to output: OutputFile, upTo last: Int?) throws(BatchError) {
        for worker in workers[...(last ?? workers.count - 1)] { try output.write(worker.output) }
    }
}

/// Each worker's failure, in memory of its own: workers write their own slots at once, which a Swift array
/// would refuse (its mutations are exclusive accesses of the whole array).
private final class Failures: @unchecked Sendable {
    private let errors: UnsafeMutableBufferPointer<BatchError?>

    init(count: Int) {
        errors = .allocate(capacity: count)
        errors.initialize(repeating: nil)
    }

    deinit {
        errors.deinitialize()
        errors.deallocate()
    }

    /// Slot `index` is written only by its own worker, and read after every worker has finished.
    func set(_ index: Int, _ error: BatchError?) { errors[index] = error }

    var first: (worker: Int, error: BatchError)? {
        errors.indices.lazy.compactMap { index in self.errors[index].map { (index, $0) } }.first
    }
}

/// A value handed to threads that are known to finish before it goes away, each using a part of it of its own.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}
