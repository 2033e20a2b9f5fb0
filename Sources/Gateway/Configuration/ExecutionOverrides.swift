import Registry

/// The operator's settings for models that rate on threads of their own, over their kinds' defaults
/// (`--model-execution` / `MODEL_EXECUTION`, e.g. `emb: threads=1 queue=32 batch=16 batch-tokens=4096 delay-ms=5
/// timeout-ms=10000`; several models separated by `;`).
public struct ExecutionOverrides: Sendable, Equatable {
    /// One model's settings; those not given keep the kind's default.
    public struct Override: Sendable, Equatable {
        public var threads: Int?
        public var queueLimit: Int?
        public var maxBatchSize: Int?
        public var maxBatchDelay: Duration?
        public var timeout: Duration?
        public var maxBatchTokens: Int?

        /// `defaults` with these settings over them.
        public func applied(to defaults: DedicatedExecution) -> DedicatedExecution {
            var settings = defaults
            if let threads { settings.threads = threads }
            if let queueLimit { settings.queueLimit = queueLimit }
            if let maxBatchSize { settings.maxBatchSize = maxBatchSize }
            if let maxBatchDelay { settings.maxBatchDelay = maxBatchDelay }
            if let timeout { settings.timeout = timeout }
            if let maxBatchTokens { settings.maxBatchTokens = maxBatchTokens }
            return settings
        }
    }

    /// By model name.
    public var byModel: [String: Override]

    /// The most threads a model may be given.
    public static let mostThreads = 256

    /// No overrides: every model as its kind says.
    public init(byModel: [String: Override] = [:]) { self.byModel = byModel }

    /// Parses `emb: threads=1 queue=32 batch=16 delay-ms=5 timeout-ms=10000; other: threads=2`. Counts are
    /// whole numbers from 1 (a delay from 0) to a million (threads to ``mostThreads``), each model and setting once.
    public init(parsing text: String) throws(InvalidExecutionOverrides) {
        var byModel: [String: Override] = [:]
        for entry in text.split(separator: ";") where !entry.allSatisfy(\.isWhitespace) {
            let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let name = String(parts[0]).trimmingHorizontalSpace() else {
                throw InvalidExecutionOverrides(reason: "\"\(entry)\" is not model: setting=value …")
            }
            guard byModel[name] == nil else { throw InvalidExecutionOverrides(reason: "\(name) is named twice") }
            var override = Override()
            var seen: Set<Substring> = []
            for setting in parts[1].split(whereSeparator: \.isWhitespace) {
                let pair = setting.split(separator: "=", omittingEmptySubsequences: false)
                guard pair.count == 2, let value = Int(pair[1]) else {
                    throw InvalidExecutionOverrides(reason: "\(name): \"\(setting)\" is not setting=whole number")
                }
                guard seen.insert(pair[0]).inserted else { throw InvalidExecutionOverrides(reason: "\(name): \(pair[0]) is given twice") }
                // A thread each is a thread of the process: a typo of a million must not start a million.
                let least = pair[0] == "delay-ms" ? 0 : 1
                let most = pair[0] == "threads" ? Self.mostThreads : 1_000_000
                guard value >= least, value <= most else {
                    throw InvalidExecutionOverrides(reason: "\(name): \(pair[0]) must be \(least) to \(most)")
                }
                switch pair[0] {
                case "threads": override.threads = value
                case "queue": override.queueLimit = value
                case "batch": override.maxBatchSize = value
                case "delay-ms": override.maxBatchDelay = .milliseconds(value)
                case "timeout-ms": override.timeout = .milliseconds(value)
                case "batch-tokens": override.maxBatchTokens = value
                default:
                    throw InvalidExecutionOverrides(
                        reason: "\(name): \(pair[0]) is not a setting (threads, queue, batch, batch-tokens, delay-ms, timeout-ms)"
                    )
                }
            }
            byModel[name] = override
        }
        self.byModel = byModel
    }

    /// Where `model`'s ratings run: its kind's choice, with the operator's settings over a dedicated one's.
    public func execution(of model: any TextModel) -> ModelExecution {
        guard case .dedicated(let defaults) = model.execution, let override = byModel[model.descriptor.name] else { return model.execution }
        return .dedicated(override.applied(to: defaults))
    }
}

/// `MODEL_EXECUTION` could not be read.
public struct InvalidExecutionOverrides: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var reason: String
    public var description: String { reason }

    package init(reason: String) { self.reason = reason }
}
