import Foundation

extension GatewaySettings {
    /// Where a setting's description starts in ``help(width:)``, as swift-argument-parser lays out its options.
    static let helpColumn = 26

    /// Every setting as `jokemeter serve --help` lists it, in lines of at most `width` columns: the flag and its
    /// value, what it does, its variable and its default; a setting of the environment only under its variable.
    public static func help(width: Int = 80) -> String {
        var lines = ["SETTINGS (a flag wins over its variable, which wins over the default):"]
        for setting in all {
            let label = setting.flag.map { "--\($0) \(setting.value.placeholder)" } ?? setting.variable
            // The variable's name stays on the line of its "[env:".
            var words = setting.summary.split(separator: " ").map(String.init)
            words.append(setting.flag == nil ? "[environment only]" : "[env: \(setting.variable)]")
            if let shown = setting.defaultValue { words += ["(default:", "\(shown))"] }
            let wrapped = wrap(words, width: max(width - helpColumn, 20))
            let head = "  " + label
            if head.count < helpColumn - 1 {
                lines.append(head.padding(toLength: helpColumn, withPad: " ", startingAt: 0) + wrapped[0])
                lines += wrapped.dropFirst().map { String(repeating: " ", count: helpColumn) + $0 }
            } else {
                lines.append(head)
                lines += wrapped.map { String(repeating: " ", count: helpColumn) + $0 }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `words` in lines of at most `width` characters (a longer word keeps a line of its own).
    private static func wrap(_ words: [String], width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in words {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? word : " " + word
        }
        return lines + [line]
    }
}
