import Foundation
import Testing

/// The command line as a user runs it: real binary, real files, exit status and output.
@Suite struct CommandLineTests {
    let joke = "Штирлиц долго смотрел в одну точку. Потом в другую. «Двоеточие!» — догадался Штирлиц."

    @Test func predictWithTheShippedModelsGivesOneRatingPerTextAndTheModelsDiffer() throws {
        let linear = try CommandRunner.run(["predict", "--models", "models", "--model", "lr", joke, "Колобок повесился"])
        let tree = try CommandRunner.run(["predict", "--models", "models", "--model", "tr", joke, "Колобок повесился"])
        #expect(linear.status == 0 && tree.status == 0)
        #expect(linear.lines.count == 2 && tree.lines.count == 2)
        for line in linear.lines + tree.lines { #expect(Double(line) != nil, "\(line) is not a rating") }
        #expect(linear.lines != tree.lines)
    }

    @Test func predictReadsLinesFromStandardInput() throws {
        let output = try CommandRunner.run(["predict", "--models", "models"], stdin: "\(joke)\nКолобок повесился\n")
        let arguments = try CommandRunner.run(["predict", "--models", "models", joke, "Колобок повесился"])
        #expect(output.status == 0)
        #expect(output.lines == arguments.lines)
    }

    @Test func predictReadsJSONLinesSoThatTextsMayHoldLineBreaks() throws {
        let jsonl = try CommandRunner.run(["predict", "--models", "models", "--format", "jsonl"], stdin: "\"первая строка\\nвторая\"\n\"\"\n")
        let arguments = try CommandRunner.run(["predict", "--models", "models", "первая строка\nвторая", ""])
        #expect(jsonl.status == 0)
        #expect(jsonl.lines == arguments.lines)
        #expect(jsonl.lines.count == 2)

        let broken = try CommandRunner.run(["predict", "--models", "models", "--format", "jsonl"], stdin: "\"fine\"\nnot json\n")
        #expect(broken.status == 1)
        #expect(broken.stderr.hasSuffix("error: stdin line 2 is not a JSON string\n"))
    }

    @Test func ratingsArePrintedInFullPrecision() throws {
        let output = try CommandRunner.run(["predict", "--models", "models", joke])
        let line = try #require(output.lines.first)
        #expect(String(Double(line)!) == line)
        #expect(line.split(separator: ".").last!.count > 6)
    }

    @Test func trainingCanBeNarrowedToOneModelAndOneCandidate() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("small.csv")
        try Self.smallSemicolonCSV().write(to: csv, atomically: true, encoding: .utf8)
        let output = try CommandRunner.run([
            "train", "--data", csv.path, "--text-column", "joke text", "--out", folder.path, "--folds", "2", "--only", "tr",
            "--vectorizer", "char_wb:2-3", "--max-depth", "2", "--min-samples-leaf", "5",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.lines == [output.lines[0]])
        #expect(output.lines[0].hasPrefix("tr (tree; char_wb 2-3, max depth 2, min samples leaf 5)"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("lr.json").path))

        for (flags, message) in [
            (["--only", "xx"], "--only xx: no such model; trainable models: lr, tr, emb\n"),
            (
                ["--only", "emb", "--text-column", "joke text"],
                "emb needs its encoder weights file, and \(folder.standardizedFileURL.path)/e5-small-q4-0.3.0.weights is not there"
            ),
            (
                ["--embedding-weights", "/tmp/x.weights", "--text-column", "joke text"],
                "emb needs its encoder weights file, and /tmp/x.weights is not there"
            ),
            (["--embedding-alpha", "0"], "--embedding-alpha must be a number > 0"),
            (["--vectorizer", "words:1-2"], "The value 'words:1-2' is invalid for '--vectorizer"),
            (["--alpha=-1"], "--alpha must be a number >= 0"),
        ] {
            let refused = try CommandRunner.run(["train", "--data", csv.path, "--out", folder.path] + flags)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains(message), "\(refused.stderr)")
        }
    }

    @Test func embedNamesAWeightsFileItCannotRead() throws {
        let missing = try CommandRunner.run(["embed", "--weights", "no-such.weights", "text"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: --weights: no-such.weights cannot be opened: No such file or directory\n")
        let notWeights = try CommandRunner.run(["embed", "--weights", "models/lr.json", "text"])
        #expect(notWeights.status == 1)
        #expect(notWeights.stderr == "error: --weights: lr.json is not a Jokemeter encoder weights file\n")
        let badSize = try CommandRunner.run(["embed", "--weights", "models/lr.json", "--batch-size", "0", "text"])
        #expect(badSize.status != 0 && badSize.stderr.contains("--batch-size must be 1 or more"))
    }

    @Test func embedRatePrintsTextsASecondInsteadOfTheEmbeddings() throws {
        let weights = "models/e5-small-q4-0.3.0.weights"
        let rated = try CommandRunner.run(["embed", "--weights", weights, "--rate", "--threads", "1", "Колобок повесился", "Штирлиц"])
        #expect(rated.status == 0, "\(rated.stderr)")
        #expect(rated.lines.count == 1)
        let fields = try #require(rated.lines.first).split(separator: " ")
        #expect(fields.first == "texts_per_second" && fields.count == 2 && (Double(fields[1]) ?? 0) > 0)
        let refused = try CommandRunner.run(["embed", "--weights", weights, "--rate", "--time", "1", "text"])
        #expect(refused.status != 0 && refused.stderr.contains("--rate goes with neither --time nor --token-ids"))
    }

    @Test func explainPrintsTheTopTermsOrTheAPIsAnswerAndRefusesAModelThatCannotExplain() throws {
        let text = "Штирлиц долго смотрел в одну точку"
        let printed = try CommandRunner.run(["explain", "--models", "models", "--model", "lr", "--top", "2", text])
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.lines.first?.hasPrefix("model lr (linear 1.0.0): rating ") == true)
        #expect(printed.lines.count == 4 && printed.lines[2].contains("штирлиц") && printed.lines[2].contains("at 0-7"))
        #expect(printed.lines.last?.hasPrefix("  … and ") == true)
        let json = try CommandRunner.run(["explain", "--models", "models", "--model", "tr", "--format", "json", text, "Колобок"])
        #expect(json.status == 0 && json.lines.count == 2)
        let answer = try JSONSerialization.jsonObject(with: Data(json.lines[0].utf8)) as? [String: Any]
        #expect(answer?["method"] as? String == "saabas" && answer?["model"] as? String == "tr" && answer?["path"] is [Any])
        let refused = try CommandRunner.run(["explain", "--models", "models", "--model", "emb", text])
        #expect(
            refused.status == 1
                && refused.stderr.contains("model emb is of kind embedding, which cannot explain its ratings by itself; try --occlusion")
        )
        let occluded = try CommandRunner.run(["explain", "--models", "models", "--model", "emb", "--occlusion", "--top", "0", "Колобок повесился"])
        #expect(occluded.status == 0, "\(occluded.stderr)")
        #expect(occluded.lines.first?.contains("(every word left out), occlusion contributions") == true)
        #expect(occluded.lines.count == 3 && occluded.lines.contains { $0.contains("колобок") && $0.contains("at 0-7") })
    }

    @Test func predictWithAnUnknownModelListsTheAvailableOnes() throws {
        let output = try CommandRunner.run(["predict", "--models", "models", "--model", "xx", "text"])
        #expect(output.status == 1)
        #expect(output.stderr == "error: no model \"xx\" in models; there are emb, lr, tr\n")
        let version = try CommandRunner.run(["predict", "--models", "models", "--model", "lr@9.9.9", "text"])
        #expect(version.status == 1)
        #expect(version.stderr == "error: in models: model \"lr\" has no version \"9.9.9\"; its versions: 1.0.0\n")
        let named = try CommandRunner.run(["predict", "--models", "models", "--model", "lr@1.0.0", "--model", "lr", "Колобок повесился"])
        #expect(named.status == 0, "\(named.stderr)")
    }

    @Test func evaluatePrintsTheModelBesideTheMeanBaseline() throws {
        let output = try CommandRunner.run(["evaluate", "--data", "data/clean_comedy_gold_ru.csv", "--model", "models/lr.json"])
        #expect(output.status == 0)
        #expect(output.lines.first == "model lr (linear 1.0.0) on clean_comedy_gold_ru.csv, 1000 rows")
        let model = try #require(output.lines.first { $0.hasPrefix("model  ") }).split(separator: " ").dropFirst()
        let baseline = try #require(output.lines.first { $0.hasPrefix("mean baseline") }).split(separator: " ").dropFirst(2)
        #expect(model.count == 3 && model.allSatisfy { Double($0) != nil })
        #expect(Array(baseline.suffix(1)) == ["n/a"])
        #expect(Double(model.first!)! < Double(baseline.first!)!)
    }

    @Test func trainIsDeterministicAndItsArtifactsServe() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("small.csv")
        try Self.smallSemicolonCSV().write(to: csv, atomically: true, encoding: .utf8)
        var artifacts: [[String: String]] = []
        for run in ["one", "two"] {
            let out = folder.appendingPathComponent(run)
            let output = try CommandRunner.run(["train", "--data", csv.path, "--text-column", "joke text", "--out", out.path, "--folds", "3"])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stderr.split(separator: "\n").filter { $0.contains(" fold ") }.count == 6)
            #expect(output.lines.count == 2)
            #expect(output.lines[0].hasPrefix("lr (linear; ") && output.lines[1].hasPrefix("tr (tree; "))
            var texts: [String: String] = [:]
            for name in ["lr", "tr"] {
                let text = try String(contentsOf: out.appendingPathComponent("\(name).json"), encoding: .utf8)
                texts[name] = text.replacingOccurrences(of: #""createdAt":"[^"]*""#, with: "", options: .regularExpression)
            }
            artifacts.append(texts)
            let predicted = try CommandRunner.run(["predict", "--models", out.path, "--model", "tr", "кот"])
            #expect(predicted.status == 0 && predicted.lines.count == 1)
        }
        #expect(artifacts[0] == artifacts[1])
    }

    @Test(arguments: [
        ("text,rating\na,1\nb,2\nc,3\n", #"small.csv: has no column "score"; its columns are: "text", "rating""#),
        ("text,score\na,1\nb,lots\nc,3\n", #"small.csv: row 2: score "lots" is not a finite number"#),
        ("text,score\na,1\n", "small.csv: has 1 rows; 5-fold cross-validation needs at least 5"),
        ("", "small.csv: is empty; expected a CSV header line and rows"),
    ])
    func badDataFilesGetOneErrorLineAndAFailureStatus(contents: String, message: String) throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("small.csv")
        try contents.write(to: csv, atomically: true, encoding: .utf8)
        let output = try CommandRunner.run(["train", "--data", csv.path, "--out", folder.appendingPathComponent("out").path])
        #expect(output.status == 1)
        #expect(output.stderr.split(separator: "\n").last.map(String.init) == "error: \(message)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test func missingDataFileIsAnErrorNotACrash() throws {
        let output = try CommandRunner.run(["train", "--data", "/nonexistent/jokes.csv", "--out", "/tmp/never"])
        #expect(output.status == 1)
        #expect(output.stderr.hasPrefix("error: jokes.csv: cannot be read"))
    }

    /// The first 60 jokes of the shipped data as semicolon-separated CSV with every text quoted.
    static func smallSemicolonCSV() throws -> String {
        let source = try String(contentsOf: CommandRunner.root.appendingPathComponent("data/clean_comedy_gold_ru.csv"), encoding: .utf8)
        var lines = ["\"joke text\";score"]
        var rows = 0
        var scanner = source.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().makeIterator()
        while rows < 60, let line = scanner.next() {
            // Keep single-line rows of the form text,score,... and quote the text; semicolons join the fields.
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 7, !line.contains("\""), let score = Double(fields[1]) else { continue }
            lines.append("\"\(fields[0]);\nsecond line\";\(score)")
            rows += 1
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
