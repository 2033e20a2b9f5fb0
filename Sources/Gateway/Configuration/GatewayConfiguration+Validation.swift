import Foundation
import HTTPTypes
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

    /// Throws at the first setting out of range.
    public func validate() throws(InvalidSetting) {
        guard (0...65_535).contains(port) else { throw InvalidSetting(setting: "port", reason: "\(port) is not a port number (0-65535)") }
        guard !host.isEmpty else { throw InvalidSetting(setting: "host", reason: "is empty") }
        guard HTTPField.Name(modelHeader) != nil else {
            throw InvalidSetting(setting: "model-header", reason: "\"\(modelHeader)\" is not a valid HTTP header name")
        }
        guard maxBodyBytes > 0 else { throw InvalidSetting(setting: "max-body-bytes", reason: "must be positive") }
        guard maxTextCharacters > 0 else { throw InvalidSetting(setting: "max-text-chars", reason: "must be positive") }
        guard drainSeconds >= 0, drainSeconds.isFinite else { throw InvalidSetting(setting: "drain-seconds", reason: "must be 0 or more") }
        guard jokerLabelLimit >= 0 else { throw InvalidSetting(setting: "joker-label-limit", reason: "must be 0 or more") }
        guard hahaThreshold.isFinite else { throw InvalidSetting(setting: "haha-threshold", reason: "must be a number") }
        guard !defaultModel.isEmpty else { throw InvalidSetting(setting: "default-model", reason: "is empty") }
        guard maxBatchSize > 0 else { throw InvalidSetting(setting: "max-batch-size", reason: "must be positive") }
        guard requestTimeoutSeconds > 0, requestTimeoutSeconds.isFinite else {
            throw InvalidSetting(setting: "request-timeout", reason: "must be positive")
        }
        guard idleTimeoutSeconds > 0, idleTimeoutSeconds.isFinite else { throw InvalidSetting(setting: "idle-timeout", reason: "must be positive") }
        guard shadowModel?.isEmpty != true else { throw InvalidSetting(setting: "shadow-model", reason: "is empty") }
        if let problem = DocsAssetsLocation.problem(with: docsAssetsURL) { throw InvalidSetting(setting: "docs-assets-url", reason: problem) }
        if let directory = docsAssetsDirectory {
            for file in ["swagger-ui-bundle.js", "swagger-ui.css"] where !FileManager.default.isReadableFile(atPath: directory + "/" + file) {
                throw InvalidSetting(
                    setting: "docs-assets-dir",
                    reason: "\(directory) holds no readable \(file); it must be Swagger UI's dist folder (scripts/fetch-swagger-ui.sh fetches one)"
                )
            }
        }
        guard adminToken.map({ $0.utf8.count >= 16 }) != false else {
            throw InvalidSetting(setting: "ADMIN_TOKEN", reason: "must be at least 16 characters")
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

    /// Every version of every model, as `lr@1.0.0, lr@1.1.0, tr@2.0.0`.
    private static func loaded(_ models: ModelRegistry) -> String {
        models.allModels.map { "\($0.descriptor.name)@\($0.descriptor.version)" }.joined(separator: ", ")
    }
}
