import Foundation
import Training

/// Where the load goes: the predict URL of a service.
struct LoadTarget: Sendable {
    let url: String

    /// A base URL gets `/api/v1/predict`; a URL with a path is used as it is.
    init(_ text: String) throws(InvalidLoadOption) {
        guard let components = URLComponents(string: text), ["http", "https"].contains(components.scheme?.lowercased() ?? ""),
            components.host?.isEmpty == false
        else {
            throw InvalidLoadOption(message: "'\(text)' is not an http(s) URL")
        }
        let path = components.path
        url = path.isEmpty || path == "/" ? text.trimmingSuffix("/") + "/api/v1/predict" : text
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}

/// Every request of a run, decided up front from a seed: the same seed sends the same sequence.
struct LoadPlan: Sendable {
    struct Request: Sendable {
        let body: Data
        let model: String?
    }

    let target: LoadTarget
    let requests: [Request]
    let modelHeader: String

    var requestCount: Int { requests.count }

    init(target: LoadTarget, jokes: [String], rounds: Int, jokers: WeightedChoice, models: WeightedChoice?, modelHeader: String, seed: UInt64) throws
    {
        var generator = SplitMix64(seed: seed)
        var requests: [Request] = []
        requests.reserveCapacity(jokes.count * rounds)
        for _ in 0..<rounds {
            for joke in jokes {
                let body = try JSONSerialization.data(withJSONObject: ["text": joke, "joker": jokers.pick(generator.next())])
                requests.append(Request(body: body, model: models?.pick(generator.next())))
            }
        }
        self.target = target
        self.requests = requests
        self.modelHeader = modelHeader
    }
}
