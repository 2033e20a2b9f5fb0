import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

/// `GET /metrics` after known requests: exact counts per series.
@Suite struct MetricsRouteTests {
    /// One sample line: its metric name, labels and value.
    struct Sample: Hashable {
        let name: String
        let labels: [String: String]
    }

    /// The samples of a Prometheus text exposition (no label value here holds a comma or an escaped quote).
    static func samples(_ text: String) -> [Sample: Double] {
        var samples: [Sample: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            let series = line[..<space]
            var labels: [String: String] = [:]
            var name = String(series)
            if let brace = series.firstIndex(of: "{") {
                name = String(series[..<brace])
                for pair in series[series.index(after: brace)..<series.index(before: series.endIndex)].split(separator: ",") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
                }
            }
            samples[Sample(name: name, labels: labels)] = value
        }
        return samples
    }

    private func scrape(_ client: some TestClientProtocol) async throws -> [Sample: Double] {
        try await client.execute(uri: "/metrics", method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            return Self.samples(String(buffer: response.body))
        }
    }

    @Test func countsEveryRequestPredictionAndRatingExactly() async throws {
        let app = buildApplication(configuration: testConfiguration(), models: testRegistry())
        try await app.test(.router) { client in
            // lr rates 0.1 per code point, tr 0.2: 50 characters are 5.0 with lr (funny above 4), 10 are 1.0.
            #expect(try await client.predict(String(repeating: "a", count: 50), joker: "Petrosyan").status == .ok)
            #expect(try await client.predict(String(repeating: "a", count: 10), joker: "Petrosyan").status == .ok)
            #expect(try await client.predict(String(repeating: "a", count: 10)).status == .ok)
            #expect(try await client.predict(String(repeating: "a", count: 30), joker: "Zadornov", model: "tr").status == .ok)
            #expect(try await client.predict(" ", model: "tr").status == .unprocessableContent)
            #expect(try await client.predict("a joke", model: "nope").status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/health", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/no/such/route", method: .get).status == .notFound)

            let samples = try await scrape(client)
            func value(_ name: String, _ labels: [String: String] = [:]) -> Double? { samples[Sample(name: name, labels: labels)] }
            let requests = "jokemeter_http_requests_total"
            #expect(value(requests, ["route": "/api/v1/predict", "model": "lr", "version": "1.0.0", "protocol": "http", "status_class": "2xx"]) == 3)
            #expect(value(requests, ["route": "/api/v1/predict", "model": "tr", "version": "2.0.0", "protocol": "http", "status_class": "2xx"]) == 1)
            #expect(value(requests, ["route": "/api/v1/predict", "model": "tr", "version": "2.0.0", "protocol": "http", "status_class": "4xx"]) == 1)
            #expect(
                value(requests, ["route": "/api/v1/predict", "model": "none", "version": "none", "protocol": "http", "status_class": "4xx"]) == 1
            )
            #expect(value(requests, ["route": "/api/v1/health", "model": "none", "version": "none", "protocol": "http", "status_class": "2xx"]) == 1)
            #expect(value(requests, ["route": "unmatched", "model": "none", "version": "none", "protocol": "http", "status_class": "4xx"]) == 1)
            #expect(
                value(
                    "jokemeter_http_request_duration_seconds_count",
                    ["route": "/api/v1/predict", "model": "lr", "version": "1.0.0", "protocol": "http"]
                ) == 3
            )
            #expect(value("jokemeter_prediction_duration_seconds_count", ["model": "lr", "version": "1.0.0"]) == 3)
            #expect(value("jokemeter_prediction_duration_seconds_count", ["model": "tr", "version": "2.0.0"]) == 1)
            #expect(value("jokemeter_rating_count", ["model": "lr", "version": "1.0.0"]) == 3)
            #expect(abs((value("jokemeter_rating_sum", ["model": "lr", "version": "1.0.0"]) ?? 0) - 7.0) < 1e-9)
            #expect(value("jokemeter_rating_bucket", ["model": "lr", "version": "1.0.0", "le": "1.0"]) == 2)
            #expect(value("jokemeter_rating_bucket", ["model": "tr", "version": "2.0.0", "le": "5.0"]) == 0)
            #expect(value("jokemeter_rating_bucket", ["model": "tr", "version": "2.0.0", "le": "+Inf"]) == 1)
            // The original's names: 5.0 (lr) and 6.0 (tr) are above HAHA_TRESH 4.
            #expect(value("haha_counter_total") == 2)
            #expect(value("haha_summary_count") == 4)
            #expect(value("joker_counter_total", ["joker_name": "Petrosyan"]) == 2)
            #expect(value("joker_counter_total", ["joker_name": "Zadornov"]) == 1)
            #expect(value("joker_counter_total", ["joker_name": "unknown"]) == 1)
            #expect(value("jokemeter_models_loaded") == 2)
            #expect(value("jokemeter_model_info", ["model": "tr", "kind": "length", "version": "2.0.0"]) == 1)
            #expect(value("jokemeter_readiness_state", ["state": "ready"]) == 1)
            #expect(value("jokemeter_readiness_state", ["state": "starting"]) == 0)
            // The scrape itself is the one request in flight.
            #expect(value("jokemeter_http_requests_in_flight") == 1)
        }
    }

    @Test func jokerNamesPastTheLimitCountAsOther() async throws {
        var configuration = testConfiguration()
        configuration.jokerLabelLimit = 2
        let app = buildApplication(configuration: configuration, models: testRegistry())
        try await app.test(.router) { client in
            for joker in ["a", "b", "c", "d", "a", String(repeating: "x", count: 500)] {
                #expect(try await client.predict("a joke", joker: joker).status == .ok)
            }
            let jokers = try await scrape(client).filter { $0.key.name == "joker_counter_total" }
            #expect(
                jokers == [
                    Sample(name: "joker_counter_total", labels: ["joker_name": "a"]): 2,
                    Sample(name: "joker_counter_total", labels: ["joker_name": "b"]): 1,
                    Sample(name: "joker_counter_total", labels: ["joker_name": "other"]): 3,
                ]
            )
        }
    }

    @Test func boundedValuesAreCutAndAdmittedFirstComeFirstServed() {
        let registry = PrometheusCollectorRegistry()
        let values = BoundedLabelValues(limit: 2) {
            registry.makeCounter(descriptor: MetricNameDescriptor(metricName: "n", unitName: "total", helpText: "n"), labels: [("v", $0)])
        }
        let long = String(repeating: "я", count: 100)
        for value in [long, "other", "b", "c", "b", "d", long] { values.increment(value) }
        let samples = Self.samples(registry.emitToString())
        func count(_ label: String) -> Double? { samples[Sample(name: "n_total", labels: ["v": label])] }
        #expect(count(String(repeating: "я", count: BoundedLabelValues.maxLength)) == 2)
        #expect(count("b") == 2)
        // "other" itself takes no place of the two; "c" and "d" come after the limit.
        #expect(count("other") == 3)
        #expect(samples.count == 3, "\(samples)")
    }

    /// What the tests read of a Grafana dashboard: its panels' queries.
    private struct Dashboard: Decodable {
        struct Panel: Decodable {
            struct Target: Decodable { var expr: String? }
            var targets: [Target]?
        }

        var panels: [Panel]
    }

    /// The Grafana dashboard in deploy/ asks only for series this exporter writes.
    @Test func everyMetricTheDashboardQueriesIsExported() async throws {
        let dashboard = repositoryRoot.appending(path: "deploy/grafana/jokemeter.json")
        let panels = try JSONDecoder().decode(Dashboard.self, from: Data(contentsOf: dashboard)).panels
        let expressions = panels.flatMap { ($0.targets ?? []).compactMap(\.expr) }
        // Every series is selected with {…}: the names before a brace are the metrics.
        let queried = Set(expressions.flatMap { $0.matches(of: /[a-z_]+(?=\{)/).map { String($0.output) } })
        #expect(queried.count >= 10, "\(queried)")
        var configuration = testConfiguration()
        configuration.shadowModel = "tr"
        try await buildApplication(configuration: configuration, models: testRegistry()).test(.router) { client in
            #expect(try await client.predict("a joke", joker: "anon").status == .ok)
            // The shadow's series appear once its thread has rated the text.
            try await eventually { try await scrape(client).keys.contains { $0.name.hasPrefix("jokemeter_shadow_rating_difference") } }
            let exported = Set(try await scrape(client).keys.map(\.name))
            #expect(queried.subtracting(exported).isEmpty, "queried but not exported: \(queried.subtracting(exported).sorted())")
        }
    }

    @Test func metricsAnswersOnlyGet() async throws {
        try await buildApplication(configuration: testConfiguration(), models: testRegistry()).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
            }
        }
    }
}
