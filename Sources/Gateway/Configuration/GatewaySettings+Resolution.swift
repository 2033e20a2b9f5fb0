extension GatewaySettings {
    /// The configuration that `arguments` (the flags after `serve`) and `environment` give: each setting from its
    /// flag, else from its variable (an empty one counts as unset), else its default. Values are read here and
    /// checked by ``GatewayConfiguration/validate()``.
    public static func resolve(
        arguments: [String],
        environment: [String: String]
    ) throws(GatewayConfiguration.UnreadableSetting)
        -> GatewayConfiguration
    {
        let flags = try flags(in: arguments)
        var configuration = GatewayConfiguration()
        for setting in all {
            if let flag = setting.flag, let texts = flags[flag] {
                try setting.value.apply(Setting.Input(texts: texts, source: "--\(flag)", isFlag: true), &configuration)
            } else if let text = environment[setting.variable], !text.isEmpty {
                try setting.value.apply(Setting.Input(texts: [text], source: setting.variable, isFlag: false), &configuration)
            }
        }
        return configuration
    }

    /// The texts given to each flag of `arguments`, by flag name without dashes, in the order given:
    /// `--name value` or `--name=value`, a value never starting with `--`. Throws at an argument that is not a
    /// flag of a setting, or a flag without its value, in swift-argument-parser's words.
    public static func flags(in arguments: [String]) throws(GatewayConfiguration.UnreadableSetting) -> [String: [String]] {
        var flags: [String: [String]] = [:]
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            guard argument.hasPrefix("-") else { throw .init("Unexpected argument '\(argument)'") }
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard name.hasPrefix("--"), let known = setting(flag: String(name.dropFirst(2))), let flag = known.flag else {
                throw .init("Unknown option '\(name)'")
            }
            let value: String
            if parts.count == 2 {
                value = String(parts[1])
            } else if let next = remaining.first, !next.hasPrefix("--") {
                value = next
                remaining = remaining.dropFirst()
            } else {
                throw .init("Missing value for '\(name) \(known.value.placeholder)'")
            }
            flags[flag, default: []].append(value)
        }
        return flags
    }
}
