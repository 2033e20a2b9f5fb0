import Synchronization

/// Where requests that name no model go: a weighted split (`lr:90,tr:10`), the same model for the same
/// joker (a stable hash of the name, so every replica agrees), otherwise a pseudo-random draw by the weights.
public struct RoutingPolicy: Sendable, Equatable {
    /// A model and its share of the traffic.
    public struct Weight: Sendable, Equatable {
        /// The model's name.
        public var model: String
        /// Its share, relative to the sum of all weights.
        public var weight: Int

        package init(model: String, weight: Int) {
            self.model = model
            self.weight = weight
        }
    }

    /// The split, in the order given.
    public let weights: [Weight]
    private let total: UInt64

    /// Parses `lr:90,tr:10`: names with positive integer weights, each name once.
    public init(parsing text: String) throws(InvalidRoutingWeights) {
        var weights: [Weight] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: ":", omittingEmptySubsequences: false)
            guard pair.count == 2, let name = String(pair[0]).trimmingHorizontalSpace(),
                let weight = Int(String(pair[1]).trimmingHorizontalSpace() ?? ""), weight >= 0
            else { throw InvalidRoutingWeights(reason: "\"\(part)\" is not model:weight (a name and a whole number)") }
            guard !weights.contains(where: { $0.model == name }) else { throw InvalidRoutingWeights(reason: "\(name) is named twice") }
            weights.append(Weight(model: name, weight: weight))
        }
        try self.init(weights: weights)
    }

    /// A policy of `weights`; at least one must be positive.
    public init(weights: [Weight]) throws(InvalidRoutingWeights) {
        let total = weights.reduce(0) { $0 + $1.weight }
        guard total > 0, total <= 1_000_000 else { throw InvalidRoutingWeights(reason: "the weights must add up to 1 to 1000000") }
        self.weights = weights
        self.total = UInt64(total)
    }

    /// The model for a request: by `joker`'s hash when given, else by `draw` (any well-mixed 64-bit number).
    public func model(joker: String?, draw: @autoclosure () -> UInt64) -> String {
        let point = (joker.map(Self.stableHash) ?? draw()) % total
        var end: UInt64 = 0
        for weight in weights {
            end += UInt64(weight.weight)
            if point < end { return weight.model }
        }
        return weights[weights.count - 1].model
    }

    /// FNV-1a of the UTF-8 bytes, then SplitMix64's finalizer: the same on every process and platform
    /// (Swift's `Hasher` is seeded per process).
    package static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return mix(hash)
    }

    /// SplitMix64's finalizer: spreads every input bit over the output.
    package static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// `ROUTING_WEIGHTS` could not be read.
public struct InvalidRoutingWeights: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var reason: String
    public var description: String { reason }
}

/// Well-mixed 64-bit draws for the weighted split without a system call per request: a shared counter
/// through SplitMix64, started from a random seed.
package final class RoutingDraws: Sendable {
    private let counter: Atomic<UInt64>

    package init(seed: UInt64 = .random(in: .min ... .max)) {
        counter = Atomic(seed)
    }

    package func next() -> UInt64 { RoutingPolicy.mix(counter.add(1, ordering: .relaxed).newValue) }
}
