import Foundation

/// A model's waiting requests, bounded, from which its threads take batches.
final class JobQueue: @unchecked Sendable {
    // Every stored property is read and written only with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var head = 0
    private var stopped = false
    private let limit: Int

    /// What became of a request handed to the queue.
    enum Admission { case queued, full, stopped }

    /// A queue holding at most `limit` requests.
    init(limit: Int) { self.limit = max(1, limit) }

    /// Requests waiting for a thread.
    var depth: Int { condition.withLock { jobs.count - head } }

    /// Queues `job`, unless `limit` requests are waiting already or the queue is stopped.
    func append(_ job: Job) -> Admission {
        condition.withLock {
            if stopped { return .stopped }
            if jobs.count - head >= limit { return .full }
            jobs.append(job)
            condition.signal()
            return .queued
        }
    }

    /// The next batch: the first waiting request, then those after it while their texts fit in `maxTexts` (a
    /// request of more texts than that is a batch of its own), waiting up to `maxDelay` from the first one's
    /// taking for more. Blocks while the queue is empty; nil once it is stopped and empty.
    func nextBatch(maxTexts: Int, maxDelay: Duration) -> [Job]? {
        condition.withLock {
            while head == jobs.count {
                if stopped { return nil }
                condition.wait()
            }
            var batch = [take()]
            var texts = batch[0].texts.count
            let deadline = Date() + maxDelay.seconds
            while texts < maxTexts {
                if head < jobs.count {
                    guard texts + jobs[head].texts.count <= maxTexts else { break }
                    texts += jobs[head].texts.count
                    batch.append(take())
                } else if stopped || !condition.wait(until: deadline) {
                    break
                }
            }
            return batch
        }
    }

    /// Takes no more requests; the threads rate those waiting, then stop.
    func stop() {
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }

    /// The first waiting request, taken off the queue (its slots are reused once half the array is taken).
    private func take() -> Job {
        let job = jobs[head]
        head += 1
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64, head * 2 > jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }
}
