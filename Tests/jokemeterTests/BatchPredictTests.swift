import Foundation
import Testing

/// `jokemeter predict` over a whole input, read in blocks and rated on several threads: its output must be the
/// one-by-one ratings (texts given as arguments, rated as `String`s), in order, wherever the blocks and the
/// threads' runs begin and end.
@Suite struct BatchPredictTests {
    /// Texts of every shape a line can have: jokes, blank, ASCII, one longer than every block tried.
    static let texts: [String] = {
        let jokes = Array(
            try! String(contentsOf: CommandRunner.root.appendingPathComponent("data/clean_comedy_gold_ru.csv"), encoding: .utf8)
                .split(separator: "\n").dropFirst().prefix(30).map { $0.replacingOccurrences(of: "\"", with: "") }
        )
        let long = String(repeating: "Штирлиц шёл по лесу и думал о сосисках. ", count: 40)
        return ["Колобок повесился", "", "plain ASCII words only"] + jokes.prefix(12) + [long, "", "«Двоеточие!»"] + jokes.dropFirst(12)
    }()

    /// The one-by-one ratings of `texts`, a line each, both models tab-separated.
    static func oneByOne(_ texts: [String]) throws -> [String] {
        // "--": some jokes begin with a dash.
        let output = try CommandRunner.run(["predict", "--models", "models", "--model", "lr", "--model", "tr", "--"] + texts)
        #expect(output.status == 0, "\(output.stderr)")
        return output.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    static func write(_ bytes: [UInt8], named name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    /// Blocks of a few lines each, rated on one thread; blocks of more lines than the threads have runs (a
    /// block of 16 KB holds about 100 of these lines), read while the one before is rated on several threads.
    @Test(arguments: [(1, 1), (7, 2), (64, 3), (333, 2), (16 << 10, 2), (1 << 20, 2)])
    func linesCrossingBlocksAndThreadsGetTheirOwnRatingsInOrder(blockBytes: Int, threads: Int) throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Every other line ends in CRLF, and the last has no line break at all.
        let texts = Array(repeating: Self.texts, count: 8).joined()
        var input: [UInt8] = []
        for (index, text) in texts.enumerated() {
            input += Array(text.utf8)
            if index < texts.count - 1 { input += index % 2 == 0 ? [13, 10] : [10] }
        }
        let file = try Self.write(input, named: "texts.txt", in: folder)
        let batch = try CommandRunner.run(
            ["predict", "--models", "models", "--model", "lr", "--model", "tr", "--block-bytes", "\(blockBytes)", "--threads", "\(threads)"],
            stdinFile: file
        )
        #expect(batch.status == 0, "\(batch.stderr)")
        let expected = try Self.oneByOne(Array(texts))
        #expect(expected.count == texts.count)
        #expect(batch.stdout == expected.joined(separator: "\n") + "\n")
    }

    @Test func aLineThatIsNotUTF8StopsTheRunNamingItAndLeavesNoOutputFile() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var input: [UInt8] = []
        for text in Self.texts.prefix(5) { input += Array(text.utf8) + [10] }
        input += Array("bad ".utf8) + [0xD0, 0x20] + Array(" byte".utf8) + [10]  // a lead byte without its continuation
        for text in Self.texts.suffix(3) { input += Array(text.utf8) + [10] }
        let file = try Self.write(input, named: "texts.txt", in: folder)
        let out = folder.appendingPathComponent("ratings.txt")

        let toFile = try CommandRunner.run(["predict", "--models", "models", "--block-bytes", "16", "--out", out.path], stdinFile: file)
        #expect(toFile.status == 1)
        #expect(toFile.stderr.contains("error: stdin line 6 is not valid UTF-8 (byte 5 of it)"), "\(toFile.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["texts.txt"])

        let toStdout = try CommandRunner.run(["predict", "--models", "models", "--threads", "2"], stdinFile: file)
        #expect(toStdout.status == 1)
        let before = try CommandRunner.run(["predict", "--models", "models", "--"] + Self.texts.prefix(5))
        #expect(toStdout.stdout == before.stdout, "the lines before the bad one, and nothing after it")
    }

    /// A bad line among many, rated on two threads: in a later block (checked while the one before is rated)
    /// and in the one block, in the middle of a thread's runs.
    @Test(arguments: [16 << 10, 1 << 20])
    func aLineThatIsNotUTF8AmongManyStopsTheRunAtItsLine(blockBytes: Int) throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let texts = Array(Array(repeating: Self.texts, count: 8).joined())
        var input: [UInt8] = []
        for text in texts[..<150] { input += Array(text.utf8) + [10] }
        input += Array("bad ".utf8) + [0xE2, 0x82] + [10]  // a three-byte sequence cut short by the line's end
        for text in texts[150...] { input += Array(text.utf8) + [10] }
        let file = try Self.write(input, named: "texts.txt", in: folder)
        let batch = try CommandRunner.run(
            ["predict", "--models", "models", "--block-bytes", "\(blockBytes)", "--threads", "2"],
            stdinFile: file
        )
        #expect(batch.status == 1)
        #expect(batch.stderr.contains("error: stdin line 151 is not valid UTF-8 (byte 5 of it)"), "\(batch.stderr)")
        let before = try CommandRunner.run(["predict", "--models", "models", "--"] + texts[..<150])
        #expect(batch.stdout == before.stdout, "the lines before the bad one, and nothing after it")
    }

    @Test func anOutputFileIsWrittenWhole() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Self.write(Array(Self.texts.joined(separator: "\n").utf8), named: "texts.txt", in: folder)
        let out = folder.appendingPathComponent("ratings.txt")
        let run = try CommandRunner.run(["predict", "--models", "models", "--out", out.path, "--block-bytes", "100"], stdinFile: file)
        #expect(run.status == 0 && run.stdout.isEmpty)
        let reference = try CommandRunner.run(["predict", "--models", "models", "--"] + Self.texts)
        #expect(try String(contentsOf: out, encoding: .utf8) == reference.stdout)
    }

    @Test(arguments: [7, 50, 1 << 20])
    func aCSVFileGetsARatingColumnPerModel(blockBytes: Int) throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Quoted fields with the delimiter, doubled quotes and a line break; a blank line; CRLF; a row short of fields.
        let rows: [(raw: String, text: String)] = [
            ("1,Колобок повесился,4", "Колобок повесился"),
            ("2,\"Штирлиц, шёл\nпо лесу\",3", "Штирлиц, шёл\nпо лесу"),
            ("3,\"Он сказал: \"\"Двоеточие!\"\"\",5", "Он сказал: \"Двоеточие!\""),
            ("", ""),
            ("4,Два мужика шли по дороге,2\r", "Два мужика шли по дороге"),
            ("5", ""),
        ]
        let csv = "id,text,score\r\n" + rows.map(\.raw).joined(separator: "\n")
        let file = try Self.write(Array(csv.utf8), named: "jokes.csv", in: folder)
        let out = folder.appendingPathComponent("rated.csv")
        let run = try CommandRunner.run(
            [
                "predict", "--models", "models", "--model", "lr", "--model", "tr", "--data", file.path, "--out", out.path, "--block-bytes",
                "\(blockBytes)",
            ])
        #expect(run.status == 0, "\(run.stderr)")

        let rated = try rows.filter { !$0.raw.isEmpty }.map(\.text).map { try Self.oneByOne([$0])[0].replacingOccurrences(of: "\t", with: ",") }
        var expected = ["id,text,score,rating_lr,rating_tr"]
        var next = rated.makeIterator()
        for row in rows {
            expected.append(row.raw.isEmpty ? "" : row.raw.replacingOccurrences(of: "\r", with: "") + "," + next.next()!)
        }
        #expect(try String(contentsOf: out, encoding: .utf8) == expected.joined(separator: "\n") + "\n")
    }

    @Test func aCSVFileWithoutTheTextColumnOrWithTheRatingColumnIsRefused() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let noText = try Self.write(Array("id;joke\n1;Колобок\n".utf8), named: "a.csv", in: folder)
        let missing = try CommandRunner.run(["predict", "--models", "models", "--data", noText.path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("error: the CSV file has no column \"text\"; its columns are id, joke"), "\(missing.stderr)")

        let empty = try Self.write([], named: "empty.csv", in: folder)
        let nothing = try CommandRunner.run(["predict", "--models", "models", "--data", empty.path])
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("error: the CSV file is empty"), "\(nothing.stderr)")

        let rated = try Self.write(Array("text,rating_lr\nКолобок,1\n".utf8), named: "b.csv", in: folder)
        let again = try CommandRunner.run([
            "predict", "--models", "models", "--data", rated.path, "--out", folder.appendingPathComponent("c.csv").path,
        ])
        #expect(again.status == 1)
        #expect(again.stderr.contains("has a column \"rating_lr\" already"), "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("c.csv").path))
    }
}
