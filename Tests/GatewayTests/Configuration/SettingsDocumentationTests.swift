import Foundation
import Gateway
import Testing

/// The README's table of settings, the Helm chart's environment and the image's name exactly the variables of
/// ``GatewaySettings/all``, so that a setting added, renamed or removed there cannot be left out of them.
@Suite struct SettingsDocumentationTests {
    /// The variables the chart does not set, each with the reason; every other variable of the table it sets.
    static let leftOutOfTheChart = [
        "HOST": "the image's ENV binds every address",
        "PORT": "the image's ENV says 8080, as the chart's containerPort and probes do",
        "GRPC_PORT": "the image's ENV says 8001, as the chart's gRPC containerPort and probes do",
        "MODELS_DIR": "the image's ENV names the folder its artifacts are copied to",
        "ML_MODEL_PATH": "the original's single artifact; the image serves its folder",
        "ADMIN_TOKEN": "a token never stands in a pod's spec: the chart mounts the Secret and names its file (ADMIN_TOKEN_FILE)",
        "DOCS_ASSETS_DIR": "the image holds no Swagger UI folder; docsAssetsUrl points /docs at a mirror instead",
    ]

    static let root = repositoryRoot
    static let variables = Set(GatewaySettings.all.map(\.variable))

    /// One row of the README's table: the flag (nil for `—`), the variables, the default cell as written.
    struct Row {
        var flag: String?
        var variables: [String]
        var defaultCell: String
    }

    @Test func theReadmesTableNamesEveryVariableWithItsFlagAndDefault() throws {
        let rows = try Self.readmeRows()
        #expect(rows.count >= 20, "the README's table of settings was not found")
        let listed = rows.flatMap(\.variables)
        #expect(listed.count == Set(listed).count, "a variable is listed twice")
        #expect(
            Set(listed) == Self.variables,
            "README only: \(Set(listed).subtracting(Self.variables)); table only: \(Self.variables.subtracting(listed))"
        )
        let byVariable = Dictionary(uniqueKeysWithValues: GatewaySettings.all.map { ($0.variable, $0) })
        for row in rows {
            for variable in row.variables {
                guard let setting = byVariable[variable] else { continue }
                #expect(row.flag == setting.flag.map { "--\($0)" }, "\(variable): the README's flag is \(row.flag ?? "—")")
                // A default in backticks is the table's; `—` or words (`the kinds' own`) stand for none to show.
                let written = row.defaultCell.hasPrefix("`") ? String(row.defaultCell.dropFirst().dropLast()) : nil
                #expect(written == setting.defaultValue, "\(variable): the README's default is \(row.defaultCell)")
            }
        }
    }

    @Test func theHelmChartSetsEveryVariableButThoseLeftToTheImage() throws {
        let chart = try Self.chartVariables()
        #expect(chart.count == Set(chart).count, "the chart sets a variable twice")
        let expected = Self.variables.subtracting(Self.leftOutOfTheChart.keys)
        #expect(Set(chart) == expected, "chart only: \(Set(chart).subtracting(expected)); not in the chart: \(expected.subtracting(chart))")
        #expect(Set(Self.leftOutOfTheChart.keys).isSubset(of: Self.variables), "a variable left out of the chart is not a setting")
    }

    @Test func theImageSetsOnlyVariablesOfTheTableAndThoseTheChartLeavesToIt() throws {
        let image = try Self.dockerfileVariables()
        #expect(image.isSubset(of: Self.variables), "not settings: \(image.subtracting(Self.variables))")
        #expect(image.isSuperset(of: ["HOST", "PORT", "MODELS_DIR"]))
    }

    /// The rows of the README's table under `| flag | environment | default | meaning |`.
    static func readmeRows() throws -> [Row] {
        let readme = try String(contentsOf: root.appending(path: "README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.firstIndex(of: "| flag | environment | default | meaning |") else { return [] }
        return lines[(header + 2)...].prefix { $0.hasPrefix("|") }.map { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let flag = cells[1] == "—" ? nil : String(cells[1].dropFirst().dropLast())
            let variables = cells[2].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            }
            return Row(flag: flag, variables: variables, defaultCell: cells[3])
        }
    }

    /// The names under the container's `env:` in the chart's Deployment template.
    static func chartVariables() throws -> [String] {
        let template = try String(contentsOf: root.appending(path: "deploy/helm/jokemeter/templates/deployment.yaml"), encoding: .utf8)
        let lines = template.split(separator: "\n")
        guard let env = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "env:" }) else { return [] }
        let indent = lines[env].prefix { $0 == " " }.count
        return lines[(env + 1)...].prefix { $0.prefix { $0 == " " }.count > indent }.compactMap { line in
            let item = line.trimmingCharacters(in: .whitespaces)
            return item.hasPrefix("- name: ") ? String(item.dropFirst("- name: ".count)) : nil
        }
    }

    /// The variables the Dockerfile's `ENV` sets.
    static func dockerfileVariables() throws -> Set<String> {
        let dockerfile = try String(contentsOf: root.appending(path: "deploy/Dockerfile"), encoding: .utf8)
        let joined = dockerfile.replacingOccurrences(of: "\\\n", with: " ")
        let env = joined.split(separator: "\n").filter { $0.hasPrefix("ENV ") }
        return Set(env.flatMap { $0.dropFirst(4).split(separator: " ").compactMap { $0.split(separator: "=").first.map(String.init) } })
    }
}
