import Foundation

/// Work waiting for threads of the gateway's own, bounded, from which the threads take batches: a heavy model's
/// requests (``ModelExecutor``), the shadow model's texts (``ShadowQueue``).
final class WorkQueue<Item: Sendable>: @unchecked Sendable {
    // Every stored property is read and written only with `condition` locked.
    private let condition = NSCondition()
    private var items: [Item] = []
    private var head = 0
    private var stopped = false
    private let limit: Int

    /// What became of work handed to the queue.
    enum Admission { case queued, full, stopped }

    /// A queue holding at most `limit` items.
    init(limit: Int) { self.limit = max(1, limit) }

    /// Items waiting for a thread.
    var depth: Int { condition.withLock { items.count - head } }

    /// Queues `item`, unless `limit` items are waiting already or the queue is stopped.
    func append(_ item: Item) -> Admission {
        condition.withLock {
            if stopped { return .stopped }
            if items.count - head >= limit { return .full }
            items.append(item)
            condition.signal()
            return .queued
        }
    }

    /// The next batch: the first waiting item, then those after it while their sizes (`size`: a request's
    /// texts) fit in `maxTexts` and their `tokens` in `maxTokens` (an item larger than either is a batch of its
    /// own), waiting up to `maxDelay` from the first one's taking for more. Blocks while the queue is empty; nil
    /// once it is stopped and empty.
    func nextBatch(
        maxTexts: Int,
        maxTokens: Int = .max,
        maxDelay: Duration,
        size: (Item) -> Int,
        tokens: (Item) -> Int = { _ in 0 }
    ) -> [Item]? {
        condition.withLock {
            while head == items.count {
                if stopped { return nil }
                condition.wait()
            }
            var batch = [take()]
            var texts = size(batch[0])
            var taken = tokens(batch[0])
            let deadline = Date() + maxDelay.seconds
            while texts < maxTexts, taken < maxTokens {
                if head < items.count {
                    guard texts + size(items[head]) <= maxTexts, taken + tokens(items[head]) <= maxTokens else { break }
                    texts += size(items[head])
                    taken += tokens(items[head])
                    batch.append(take())
                } else if stopped || !condition.wait(until: deadline) {
                    break
                }
            }
            return batch
        }
    }

    /// Takes no more work; the threads do what is waiting, then stop.
    func stop() {
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }

    /// The first waiting item, taken off the queue (its slots are reused once half the array is taken).
    private func take() -> Item {
        let item = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }
}
