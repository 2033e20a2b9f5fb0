import Hummingbird
import Registry

extension GatewayConfiguration {
    /// A setting that cannot be served with.
    public struct InvalidSetting: Error, Equatable, CustomStringConvertible {
        /// The flag's name, without dashes; an environment-only setting's variable name.
        public var setting: String
        /// What is wrong.
        public var reason: String

        package init(setting: String, reason: String) {
            self.setting = setting
            self.reason = reason
        }

        public var description: String { setting.allSatisfy { $0.isUppercase || $0 == "_" } ? "\(setting): \(reason)" : "--\(setting): \(reason)" }
    }

    /// Throws at the first setting out of range, each checked as ``GatewaySettings/all`` declares it.
    public func validate() throws(InvalidSetting) {
        for setting in GatewaySettings.all {
            if let reason = setting.check(self) { throw InvalidSetting(setting: setting.name, reason: reason) }
        }
    }

    /// Throws when `models` lacks a model the traffic settings name: checked at start and before a reload
    /// swaps a new set in. The execution settings may name a model of `unloaded` (through the model repository API),
    /// which is not there.
    public func validate(models: ModelRegistry, unloaded: Set<String> = []) throws(InvalidSetting) {
        for weight in routing?.weights ?? [] where !models.holds(ModelReference(parsing: weight.model)) {
            throw InvalidSetting(setting: "routing-weights", reason: "names \(weight.model), which is not loaded (loaded: \(Self.loaded(models)))")
        }
        for name in execution.byModel.keys.sorted() where !unloaded.contains(name) {
            guard let model = models.model(named: name) else {
                throw InvalidSetting(
                    setting: "model-execution",
                    reason: "names \(name), which is not loaded (loaded: \(models.names.joined(separator: ", ")))"
                )
            }
            guard case .dedicated = model.execution else {
                throw InvalidSetting(setting: "model-execution", reason: "\(name) rates inline: its kind takes no threads, queue or batches")
            }
        }
        if let shadowModel, !models.holds(ModelReference(parsing: shadowModel)) {
            throw InvalidSetting(setting: "shadow-model", reason: "\(shadowModel) is not loaded (loaded: \(Self.loaded(models)))")
        }
    }

    /// The largest valid gRPC inference request at these limits: `MAX_BATCH_SIZE` texts of `MAX_TEXT_CHARS` code
    /// points of 4 bytes each, each with its 4-byte length, and a kilobyte for the rest of the message.
    var largestInferenceMessageBytes: Int {
        let text = maxTextCharacters.multipliedReportingOverflow(by: 4)
        let texts = maxBatchSize.multipliedReportingOverflow(by: text.partialValue + 4)
        return text.overflow || texts.overflow ? .max : texts.partialValue.addingReportingOverflow(1024).partialValue
    }

    /// Every version of every model, as `lr@1.0.0, lr@1.1.0, tr@2.0.0`.
    private static func loaded(_ models: ModelRegistry) -> String {
        models.allModels.map { "\($0.descriptor.name)@\($0.descriptor.version)" }.joined(separator: ", ")
    }
}
