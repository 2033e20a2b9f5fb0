import Registry

/// The shadow model's work, off the request path: a request's texts and served ratings are queued as it is
/// answered, and a thread of its own has the shadow rate them and records the differences. When the queue is
/// full the work is dropped and counted (`jokemeter_shadow_dropped_total`): a shadow never slows the answers,
/// however slow it is.
package final class ShadowQueue: Sendable {
    /// One request's texts, the ratings it was answered with, and who rated and shadows them.
    private struct Work: Sendable {
        let texts: [String]
        let ratings: [Double]
        let model: ModelDescriptor
        let shadow: any TextModel
    }

    /// Requests' texts that may wait for the shadow.
    package static let defaultLimit = 1024

    private let queue: WorkQueue<Work>
    private let metrics: GatewayMetrics

    /// A queue of up to `limit` requests' texts, whose differences `metrics` records.
    package init(metrics: GatewayMetrics, limit: Int = defaultLimit) {
        self.metrics = metrics
        queue = WorkQueue(limit: limit)
        BackgroundThread.start(named: "shadow") { [queue, metrics] in
            while let batch = queue.nextBatch(maxTexts: 1, maxDelay: .zero, size: { _ in 1 }) {
                for work in batch {
                    let shadowRatings = work.shadow.predict(batch: work.texts)
                    for (rating, shadowRating) in zip(work.ratings, shadowRatings) where shadowRating.isFinite {
                        metrics.shadowed(
                            model: ModelLabels(work.model),
                            shadow: ModelLabels(work.shadow.descriptor),
                            difference: shadowRating - rating
                        )
                    }
                }
            }
        }
    }

    /// Has `shadow` rate `texts` beside `model`'s `ratings`, later; drops and counts the work when the queue is full.
    package func submit(_ texts: [String], ratings: [Double], model: ModelDescriptor, shadow: any TextModel) {
        if queue.append(Work(texts: texts, ratings: ratings, model: model, shadow: shadow)) != .queued {
            metrics.shadowDropped(model: ModelLabels(model), shadow: ModelLabels(shadow.descriptor))
        }
    }

    /// Requests' texts waiting for the shadow.
    package var depth: Int { queue.depth }
}
