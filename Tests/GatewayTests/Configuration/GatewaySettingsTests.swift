import Foundation
import Gateway
import Logging
import Testing

/// The table of settings: a flag wins over its variable, which wins over the default; what cannot be read is
/// refused in words that name the flag or variable; the help lists every setting.
@Suite struct GatewaySettingsTests {
    @Test func aFlagWinsOverItsVariableWhichWinsOverTheDefault() throws {
        let configuration = try GatewaySettings.resolve(
            arguments: ["--port", "9090", "--max-body-bytes=100", "--log-level", "debug", "--log-level", "error"],
            environment: ["PORT": "1", "MAX_TEXT_CHARS": " 7 ", "HOST": "", "HAHA_TRESH": "-2.5", "REQUEST_LOG_LEVEL": "DEBUG"]
        )
        var expected = GatewayConfiguration()
        expected.port = 9090
        expected.maxBodyBytes = 100
        expected.logLevel = .error
        expected.maxTextCharacters = 7
        expected.hahaThreshold = -2.5
        expected.requestLogLevel = .debug
        #expect(configuration == expected)
        #expect(try GatewaySettings.resolve(arguments: [], environment: [:]) == GatewayConfiguration())
    }

    @Test func theOriginalsVariablesAndTheEnvironmentOnlySettingsAreRead() throws {
        let configuration = try GatewaySettings.resolve(
            arguments: [],
            environment: ["ML_MODEL_PATH": "models/tr.json", "HAHA_TRESH": "3.5", "ADMIN_TOKEN": "0123456789abcdef"]
        )
        #expect(configuration.singleArtifact == "models/tr.json" && configuration.hahaThreshold == 3.5)
        #expect(configuration.adminToken == "0123456789abcdef")
        for flag in ["--ml-model-path", "--admin-token", "--admin-token-file"] {
            #expect(throws: GatewayConfiguration.UnreadableSetting("Unknown option '\(flag)'")) {
                try GatewaySettings.resolve(arguments: [flag, "x"], environment: [:])
            }
        }
    }

    @Test func theAdminTokenFileIsReadOnlyWhenNoTokenIsGiven() throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "jokemeter-token-\(UUID().uuidString)")
        try "from-the-file-0123456789\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try GatewaySettings.resolve(arguments: [], environment: ["ADMIN_TOKEN_FILE": file.path])
        #expect(fromFile.adminToken == "from-the-file-0123456789")
        let missing = ["ADMIN_TOKEN_FILE": "/nonexistent/token"]
        let given = try GatewaySettings.resolve(arguments: [], environment: missing.merging(["ADMIN_TOKEN": "given-0123456789ab"]) { $1 })
        #expect(given.adminToken == "given-0123456789ab")
        let unreadable = #expect(throws: GatewayConfiguration.UnreadableSetting.self) {
            try GatewaySettings.resolve(arguments: [], environment: missing)
        }
        #expect(unreadable?.description.hasPrefix("ADMIN_TOKEN_FILE /nonexistent/token cannot be read: ") == true)
    }

    @Test func pinsRepeatAsFlagsAndListInTheirVariable() throws {
        let flags = try GatewaySettings.resolve(
            arguments: ["--pin", "lr=1.0.0", "--pin=tr=2.0.0"],
            environment: ["MODEL_PINS": "emb=9.0.0"]
        )
        #expect(flags.pins == ["lr": "1.0.0", "tr": "2.0.0"])
        let variable = try GatewaySettings.resolve(arguments: [], environment: ["MODEL_PINS": "lr=1.0.0,tr=2.0.0"])
        #expect(variable.pins == ["lr": "1.0.0", "tr": "2.0.0"])
        #expect(throws: GatewayConfiguration.UnreadableSetting("--pin: lr is pinned twice")) {
            try GatewaySettings.resolve(arguments: [], environment: ["MODEL_PINS": "lr=1.0.0,lr=2.0.0"])
        }
    }

    @Test(
        arguments: [
            (["--port", "eighty"], [:], "--port=eighty is not a valid integer"),
            ([], ["PORT": "eighty"], "PORT=eighty is not a valid integer"),
            ([], ["DRAIN_SECONDS": "soon"], "DRAIN_SECONDS=soon is not a valid number"),
            (["--log-format", "xml"], [:], #"log format "xml" is not text or json"#),
            ([], ["LOG_LEVEL": "loud"], #"log level "loud" is not one of trace, debug, info, notice, warning, error, critical"#),
            (["--routing-weights", "lr:90,tr"], [:], #"routing weights "lr:90,tr": "tr" is not model:weight (a name and a whole number)"#),
            ([], ["MODEL_EXECUTION": "lr threads=2"], #"model execution "lr threads=2": "lr threads=2" is not model: setting=value …"#),
            (["--pin", "lr"], [:], #"--pin: "lr" is not model=version, e.g. lr=1.0.0"#),
            (["--frobnicate", "1"], [:], "Unknown option '--frobnicate'"),
            (["-p", "1"], [:], "Unknown option '-p'"),
            (["serve"], [:], "Unexpected argument 'serve'"),
            (["--port"], [:], "Missing value for '--port <integer>'"),
            (["--port", "--host", "a"], [:], "Missing value for '--port <integer>'"),
        ] as [([String], [String: String], String)]
    )
    func whatCannotBeReadIsRefusedNamingItsFlagOrVariable(arguments: [String], environment: [String: String], message: String) {
        #expect(throws: GatewayConfiguration.UnreadableSetting(message)) {
            try GatewaySettings.resolve(arguments: arguments, environment: environment)
        }
    }

    @Test func aNegativeNumberIsAValueNotAFlag() throws {
        let configuration = try GatewaySettings.resolve(arguments: ["--joker-label-limit", "-1", "--haha-threshold", "-3"], environment: [:])
        #expect(configuration.jokerLabelLimit == -1 && configuration.hahaThreshold == -3)
        #expect(throws: GatewayConfiguration.InvalidSetting(setting: "joker-label-limit", reason: "must be 0 or more")) {
            try configuration.validate()
        }
    }

    @Test func eachSettingHasOneFlagAndOneVariableOfItsOwn() {
        let flags = GatewaySettings.all.compactMap(\.flag)
        let variables = GatewaySettings.all.map(\.variable)
        #expect(Set(flags).count == flags.count && Set(variables).count == variables.count)
        #expect(flags.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "-" } })
        #expect(variables.allSatisfy { $0.allSatisfy { $0.isUppercase || $0 == "_" } })
        #expect(GatewaySettings.all.filter(\.repeats).map(\.name) == ["pin"])
        #expect(GatewaySettings.all.filter { $0.flag == nil }.map(\.variable) == ["ML_MODEL_PATH", "ADMIN_TOKEN", "ADMIN_TOKEN_FILE", "API_KEY"])
    }

    @Test func validationNamesTheFlagOrTheVariableOfTheTable() {
        var configuration = GatewayConfiguration()
        configuration.requestTimeoutSeconds = .infinity
        #expect(throws: GatewayConfiguration.InvalidSetting(setting: "request-timeout", reason: "must be positive")) { try configuration.validate() }
        configuration = GatewayConfiguration()
        configuration.docsAssetsDirectory = "/nonexistent"
        #expect(throws: GatewayConfiguration.InvalidSetting.self) { try configuration.validate() }
        configuration = GatewayConfiguration()
        configuration.shadowModel = ""
        #expect(throws: GatewayConfiguration.InvalidSetting(setting: "shadow-model", reason: "is empty")) { try configuration.validate() }
    }

    @Test func theHelpListsEverySettingWithItsVariableAndDefault() {
        let help = GatewaySettings.help(width: 80)
        #expect(help.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let flat = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for setting in GatewaySettings.all {
            let label = setting.flag.map { "--\($0) <" } ?? "\(setting.variable) "
            #expect(help.contains("\n  \(label)"), "\(setting.name) is not listed")
            let twin = setting.flag == nil ? "[environment only]" : "[env: \(setting.variable)]"
            let shown = twin + (setting.defaultValue.map { " (default: \($0))" } ?? "")
            #expect(flat.contains(setting.summary + " " + shown), "\(setting.name): \(shown) is not in the help")
        }
        #expect(flat.contains("--max-body-bytes <integer> Largest request body in bytes. [env: MAX_BODY_BYTES] (default: 65536)"))
        #expect(flat.contains("[env: DRAIN_SECONDS] (default: 5)") && flat.contains("[env: HAHA_TRESH] (default: 4.0)"))
        #expect(flat.contains("[env: ROUTING_WEIGHTS] --shadow-model"), "a setting without a default shows none")
    }
}
