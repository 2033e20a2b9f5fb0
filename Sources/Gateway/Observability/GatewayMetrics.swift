import Prometheus
import Registry
import Synchronization

/// Every metric the service exports at `GET /metrics`, kept in one Prometheus registry per application
/// (so that tests count exactly). Label values come only from bounded sets: route templates, loaded model
/// names and versions (`none` when a request reached no model), status classes, and the bounded joker names.
///
/// Beside Jokemeter's own `jokemeter_*` series it keeps the original service's names working for its
/// dashboards: `haha_counter_total` (ratings above the threshold), `joker_counter_total{joker_name}` and
/// `haha_summary` (the ratings' distribution, whose `_count` and `_sum` the original's summary had).
///
/// Each series is made in the registry once and then found under one lock per request: asking the registry
/// on every request (it checks every name and builds a key from the labels) was 10 % of the server's CPU
/// under predict load.
public final class GatewayMetrics: Sendable {
    /// The registry `GET /metrics` writes out; `jokemeter serve` also bootstraps swift-metrics with it.
    public let registry: PrometheusCollectorRegistry
    /// The label of a request that reached no model.
    static let noModel = "none"
    /// The label of a request that matched no route.
    static let unmatchedRoute = "unmatched"

    private let hahaThreshold: Double
    private let jokers: BoundedLabelValues
    private let inFlight: Gauge
    private let haha: Counter
    private let hahaSummary: ValueHistogram
    private let requestSeries = Mutex<[RequestKey: RequestSeries]>([:])
    private let modelSeries = Mutex<[ModelLabels: ModelSeries]>([:])
    private let shadowSeries = Mutex<[ShadowKey: ShadowSeries]>([:])
    private let modelInfo = Mutex<[ModelInfoKey: Gauge]>([:])
    private let reloads: (success: Counter, failure: Counter)
    /// Each model version's inference statistics, as Triton's `ModelStatistics` gives them.
    package let statistics = InferenceStatistics()

    /// A route template (or gRPC method), model labels and the front-end's protocol.
    private struct RequestKey: Hashable {
        let route: String
        let model: ModelLabels
        let frontEnd: FrontEnd
    }

    /// The protocol a request came by: the `protocol` label of the request series.
    enum FrontEnd: String, Sendable {
        case http, grpc
    }

    /// The series of one route and model: a counter per status class (1xx to 5xx) and the duration.
    private struct RequestSeries {
        let byStatusClass: [Counter]
        let duration: DurationHistogram
    }

    /// The labels of one `jokemeter_model_info` series.
    private struct ModelInfoKey: Hashable {
        let name: String
        let kind: String
        let version: String
    }

    /// A serving model and its shadow.
    private struct ShadowKey: Hashable {
        let model: ModelLabels
        let shadow: ModelLabels
    }

    /// The series of a serving model and its shadow: the rating difference, and the texts the shadow dropped.
    private struct ShadowSeries {
        let difference: ValueHistogram
        let dropped: Counter
    }

    /// The series of one model's predictions.
    private struct ModelSeries {
        let duration: DurationHistogram
        let rating: ValueHistogram
    }

    /// Ratings are 1 to 5 in the training data; half-point buckets, as the original's histogram had.
    static let ratingBuckets: [Double] = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]
    /// A request takes tens of microseconds here; buckets from 100 µs to 2.5 s.
    static let requestBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500),
    ]
    /// A prediction takes about a microsecond (`lr`) to tens of microseconds (`tr`); buckets from 1 µs to 100 ms.
    static let predictionBuckets: [Duration] = [
        .microseconds(1), .microseconds(2), .microseconds(5), .microseconds(10), .microseconds(25), .microseconds(50),
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(10), .milliseconds(100),
    ]

    /// Shadow minus served rating: symmetric buckets from a hundredth to two points.
    static let differenceBuckets: [Double] = [-2, -1, -0.5, -0.25, -0.1, -0.05, -0.01, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2]

    /// Metrics in a new registry, with the configuration's funny threshold and joker name limit.
    public init(configuration: GatewayConfiguration) {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        self.hahaThreshold = configuration.hahaThreshold
        self.jokers = BoundedLabelValues(limit: configuration.jokerLabelLimit) { joker in
            registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    metricName: "joker_counter",
                    unitName: "total",
                    helpText: "Predictions by joker (the original's counter; bounded names)."
                ),
                labels: [("joker_name", joker)]
            )
        }
        self.inFlight = registry.makeGauge(descriptor: .jokemeter("http_requests_in_flight", help: "Requests being handled now."))
        self.haha = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "haha_counter",
                unitName: "total",
                helpText: "Ratings above HAHA_TRESH (the original's counter)."
            )
        )
        self.hahaSummary = registry.makeValueHistogram(
            descriptor: MetricNameDescriptor(metricName: "haha_summary", unitName: "", helpText: "Ratings given (the original's summary)."),
            buckets: Self.ratingBuckets
        )
        let reloads = { (result: String) in
            registry.makeCounter(
                descriptor: .jokemeter("model_reloads", unit: "total", help: "Reloads of the models folder (SIGHUP, POST /admin/reload), by result."),
                labels: [("result", result)]
            )
        }
        self.reloads = (reloads("success"), reloads("failure"))
    }

    /// Publishes `models` as `jokemeter_model_info` series and their count as `jokemeter_models_loaded`; the
    /// series of models no longer in the set (after a reload) are removed.
    public func publish(models: [ModelDescriptor]) {
        let keys = Set(models.map { ModelInfoKey(name: $0.name, kind: $0.kind, version: $0.version) })
        modelInfo.withLock { published in
            for (key, gauge) in published where !keys.contains(key) {
                registry.unregisterGauge(gauge)
                published[key] = nil
            }
            for key in keys where published[key] == nil {
                let gauge = registry.makeGauge(
                    descriptor: .jokemeter("model_info", help: "A loaded model: always 1, its name, kind and version as labels."),
                    labels: [("model", key.name), ("kind", key.kind), ("version", key.version)]
                )
                gauge.set(to: 1)
                published[key] = gauge
            }
        }
        registry.makeGauge(descriptor: .jokemeter("models_loaded", help: "Model versions loaded and serving.")).set(to: Double(models.count))
    }

    /// Counts a reload by its result.
    func reloaded(succeeded: Bool) {
        (succeeded ? reloads.success : reloads.failure).increment()
    }

    /// Publishes the readiness `state` as `jokemeter_readiness_state{state}`: 1 for the current state, 0 for the others.
    func publish(readiness state: Readiness.State) {
        for candidate in [Readiness.State.starting, .ready, .draining] {
            registry.makeGauge(
                descriptor: .jokemeter("readiness_state", help: "1 for the process's current life stage (starting, ready, draining), else 0."),
                labels: [("state", candidate.rawValue)]
            ).set(to: candidate == state ? 1 : 0)
        }
    }

    /// Counts a request that starts; call ``requestEnded(route:model:status:duration:)`` when it ends.
    func requestStarted() { inFlight.increment() }

    /// Counts a finished request under its route template (a gRPC method's path), model labels, status class (for
    /// gRPC, its code's HTTP equivalent) and protocol.
    func requestEnded(route: String, model: ModelLabels, status: Int, duration: Duration, frontEnd: FrontEnd = .http) {
        inFlight.decrement()
        let series = requestSeries.withLock { all in
            let key = RequestKey(route: route, model: model, frontEnd: frontEnd)
            if let series = all[key] { return series }
            let labels = [("route", route)] + model.labels + [("protocol", frontEnd.rawValue)]
            let series = RequestSeries(
                byStatusClass: (1...5).map { statusClass in
                    registry.makeCounter(
                        descriptor: .jokemeter(
                            "http_requests",
                            unit: "total",
                            help: "Requests answered, by route template (or gRPC method), model, version, protocol and status class."
                        ),
                        labels: labels + [("status_class", "\(statusClass)xx")]
                    )
                },
                duration: registry.makeDurationHistogram(
                    descriptor: .jokemeter(
                        "http_request_duration",
                        unit: "seconds",
                        help: "Time from a request's head to its answer, by route template (or gRPC method), model, version and protocol."
                    ),
                    labels: labels,
                    buckets: Self.requestBuckets
                )
            )
            all[key] = series
            return series
        }
        series.byStatusClass[min(max(status / 100, 1), 5) - 1].increment()
        series.duration.record(duration)
    }

    /// Records one prediction of `model`: its duration, its rating, the original's funny counter and joker.
    func predicted(model: ModelLabels, rating: Double, duration: Duration, joker: String?) {
        let series = modelSeries.withLock { all in
            if let series = all[model] { return series }
            let labels = model.labels
            let series = ModelSeries(
                duration: registry.makeDurationHistogram(
                    descriptor: .jokemeter(
                        "prediction_duration",
                        unit: "seconds",
                        help: "Time the model took to rate a text (vectorizing included)."
                    ),
                    labels: labels,
                    buckets: Self.predictionBuckets
                ),
                rating: registry.makeValueHistogram(
                    descriptor: .jokemeter("rating", help: "Ratings given, by model and version."),
                    labels: labels,
                    buckets: Self.ratingBuckets
                )
            )
            all[model] = series
            return series
        }
        series.duration.record(duration)
        series.rating.record(rating)
        hahaSummary.record(rating)
        if rating > hahaThreshold { haha.increment() }
        jokers.increment(joker ?? "unknown")
    }
}

extension GatewayMetrics {
    /// Records how far `shadow`'s rating was from the served `model`'s (shadow minus served).
    func shadowed(model: ModelLabels, shadow: ModelLabels, difference: Double) {
        shadowSeries(model: model, shadow: shadow).difference.record(difference)
    }

    /// Counts one request's texts that `shadow` did not rate because its queue was full.
    func shadowDropped(model: ModelLabels, shadow: ModelLabels) {
        shadowSeries(model: model, shadow: shadow).dropped.increment()
    }

    /// The series of `model` and its `shadow`, made at their first use.
    private func shadowSeries(model: ModelLabels, shadow: ModelLabels) -> ShadowSeries {
        shadowSeries.withLock { all in
            let key = ShadowKey(model: model, shadow: shadow)
            if let series = all[key] { return series }
            let labels = model.labels + [("shadow", shadow.name), ("shadow_version", shadow.version)]
            let series = ShadowSeries(
                difference: registry.makeValueHistogram(
                    descriptor: .jokemeter(
                        "shadow_rating_difference",
                        help: "The shadow model's rating minus the served one, by served model and shadow."
                    ),
                    labels: labels,
                    buckets: Self.differenceBuckets
                ),
                dropped: registry.makeCounter(
                    descriptor: .jokemeter(
                        "shadow_dropped",
                        unit: "total",
                        help: "Requests whose texts the shadow model did not rate, its queue being full; by served model and shadow."
                    ),
                    labels: labels
                )
            )
            all[key] = series
            return series
        }
    }
}

/// A model's labels on the series that concern it: its name and version, taken from a loaded model's descriptor
/// (or `none`, for a request that reached no model).
package struct ModelLabels: Hashable, Sendable {
    package let name: String
    package let version: String

    /// The labels of `descriptor`'s model.
    package init(_ descriptor: ModelDescriptor) {
        name = descriptor.name
        version = descriptor.version
    }

    package init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    /// The labels of a request that reached no model.
    static let none = ModelLabels(name: GatewayMetrics.noModel, version: GatewayMetrics.noModel)

    var labels: [(String, String)] { [("model", name), ("version", version)] }
}

extension MetricNameDescriptor {
    /// A `jokemeter_`-prefixed metric.
    static func jokemeter(_ name: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "jokemeter", metricName: name, unitName: unit, helpText: help)
    }
}
