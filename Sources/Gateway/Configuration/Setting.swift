import Foundation
import Logging

/// One setting of `jokemeter serve`, declared once in ``GatewaySettings/all``: its flag and environment
/// variable, what it does, how the text given is read into a ``GatewayConfiguration`` and what the value must
/// be. The help, the resolution (flag, else variable, else default) and ``GatewayConfiguration/validate()`` come
/// from it, and the README's and the Helm chart's lists of variables are tested against it.
public struct Setting: Sendable {
    /// The flag without its dashes (`max-body-bytes`); nil for a setting of the environment only.
    public let flag: String?
    /// The environment variable (`MAX_BODY_BYTES`).
    public let variable: String
    /// What the setting does, as `--help` says it.
    public let summary: String
    /// How its text is read in, and how its default reads back.
    let value: Value
    /// Why a configuration's value of this setting cannot be served with; nil when it can.
    let check: @Sendable (GatewayConfiguration) -> String?

    init(
        _ flag: String?,
        _ variable: String,
        _ summary: String,
        _ value: Value,
        check: @escaping @Sendable (GatewayConfiguration) -> String? = { _ in nil }
    ) {
        self.flag = flag
        self.variable = variable
        self.summary = summary
        self.value = value
        self.check = check
    }

    /// The name an error gives it: the flag's, or the variable's when there is no flag.
    public var name: String { flag ?? variable }

    /// The flag may be given several times; the variable then holds the values separated by commas.
    public var repeats: Bool { value.repeats }

    /// The default as `--help` and the README show it; nil when there is none to show.
    public var defaultValue: String? { value.shown(GatewayConfiguration()) }
}

extension Setting {
    /// What was given for one setting.
    struct Input {
        /// The flag's texts in the order given, or the variable's text alone.
        var texts: [String]
        /// Where they came from, as an error names it: `--port` or `PORT`.
        var source: String
        /// They came from the flag, not the variable.
        var isFlag: Bool

        /// The text that counts for a flag that does not repeat: the last one given.
        var text: String { texts[texts.count - 1] }
    }

    /// How one setting's text becomes part of a configuration, and how its value reads back.
    struct Value: Sendable {
        /// The flag's value as `--help` shows it: `<integer>`.
        var placeholder: String
        /// The flag may be given several times, the variable holds a list separated by commas.
        var repeats = false
        /// Reads `input` into `configuration`.
        var apply: @Sendable (_ input: Input, _ configuration: inout GatewayConfiguration) throws(GatewayConfiguration.UnreadableSetting) -> Void
        /// The value `configuration` holds, as one line of text; nil when it holds none, or none to show in a line.
        var shown: @Sendable (GatewayConfiguration) -> String?
    }
}

extension GatewayConfiguration {
    /// Text given for a setting that cannot be read: an unknown flag, a flag without its value, a value of the
    /// wrong form. A value of the right form out of range is an ``InvalidSetting``.
    public struct UnreadableSetting: Error, Equatable, CustomStringConvertible {
        /// What is wrong, naming the flag or variable and the text.
        public var description: String

        package init(_ description: String) { self.description = description }
    }
}

extension Setting.Value {
    /// Text, taken as it is.
    static func text(_ keyPath: WritableKeyPath<GatewayConfiguration, String> & Sendable) -> Self {
        Self(placeholder: "<text>", apply: { input, configuration in configuration[keyPath: keyPath] = input.text }, shown: { $0[keyPath: keyPath] })
    }

    /// Text, taken as it is; unset by default.
    static func optionalText(_ keyPath: WritableKeyPath<GatewayConfiguration, String?> & Sendable, placeholder: String = "<text>") -> Self {
        Self(
            placeholder: placeholder,
            apply: { input, configuration in configuration[keyPath: keyPath] = input.text },
            shown: { $0[keyPath: keyPath] }
        )
    }

    /// A whole number.
    static func integer(_ keyPath: WritableKeyPath<GatewayConfiguration, Int> & Sendable) -> Self {
        Self(
            placeholder: "<integer>",
            apply: { input, configuration throws(GatewayConfiguration.UnreadableSetting) in
                configuration[keyPath: keyPath] = try input.parsed(as: Int.self, named: "integer")
            },
            shown: { String($0[keyPath: keyPath]) }
        )
    }

    /// A number, shown with its decimal point (`4.0`).
    static func number(_ keyPath: WritableKeyPath<GatewayConfiguration, Double> & Sendable) -> Self {
        Self(
            placeholder: "<number>",
            apply: { input, configuration throws(GatewayConfiguration.UnreadableSetting) in
                configuration[keyPath: keyPath] = try input.parsed(as: Double.self, named: "number")
            },
            shown: { String($0[keyPath: keyPath]) }
        )
    }

    /// A number of seconds, shown as a whole number when it is one (`5`, `0.5`).
    static func seconds(_ keyPath: WritableKeyPath<GatewayConfiguration, Double> & Sendable) -> Self {
        var value = number(keyPath)
        value.placeholder = "<seconds>"
        value.shown = { configuration in
            let seconds = configuration[keyPath: keyPath]
            return seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int(seconds)) : String(seconds)
        }
        return value
    }

    /// A log level by name (`info`); `setting` names it in an error.
    static func level(_ keyPath: WritableKeyPath<GatewayConfiguration, Logger.Level> & Sendable, of setting: String) -> Self {
        Self(
            placeholder: "<level>",
            apply: { input, configuration throws(GatewayConfiguration.UnreadableSetting) in
                guard let level = Logger.Level(rawValue: input.text.lowercased()) else {
                    throw .init("\(setting) \"\(input.text)\" is not one of trace, debug, info, notice, warning, error, critical")
                }
                configuration[keyPath: keyPath] = level
            },
            shown: { $0[keyPath: keyPath].rawValue }
        )
    }
}

extension Setting.Input {
    /// The text as a `Number`, white space around it ignored; `kind` names the form in an error.
    func parsed<Number: LosslessStringConvertible>(as type: Number.Type, named kind: String) throws(GatewayConfiguration.UnreadableSetting) -> Number
    {
        guard let value = Number(text.trimmingCharacters(in: .whitespaces)) else { throw .init("\(source)=\(text) is not a valid \(kind)") }
        return value
    }
}
