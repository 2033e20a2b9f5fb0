import Foundation
import Testing
import Training

@Suite struct CSVDataSetReaderTests {
    private func read(_ text: String, _ reader: CSVDataSetReader = CSVDataSetReader()) throws(DataSetError) -> DataSet {
        try reader.read(Data(text.utf8), file: "jokes.csv")
    }

    @Test func quotedFieldsKeepCommasQuotesAndLineBreaks() throws {
        let data = try read("text,score\n\"Hello, \"\"world\"\"\nsecond line\",4.5\nplain,1\n")
        #expect(data.texts == ["Hello, \"world\"\nsecond line", "plain"])
        #expect(data.targets == [4.5, 1])
        #expect(data.name == "jokes.csv")
        #expect(data.sha256.count == 64)
    }

    @Test func semicolonsAreDetectedAndDecimalCommasRead() throws {
        let data = try read("score;text;extra\n4,2;\"a; b\";x\n3;c;y\n")
        #expect(data.texts == ["a; b", "c"])
        #expect(data.targets == [4.2, 3])
    }

    @Test func explicitDelimiterWins() throws {
        let data = try read("text;score\n\"a,b\";2\n", CSVDataSetReader(delimiter: .semicolon))
        #expect(data.texts == ["a,b"])
    }

    @Test func byteOrderMarkCRLFAndBlankLinesAreTolerated() throws {
        let data = try read("\u{FEFF}text,score\r\nfirst,1\r\n\r\nsecond,2\r\n")
        #expect(data.texts == ["first", "second"])
        #expect(data.targets == [1, 2])
    }

    @Test func otherColumnNames() throws {
        let data = try read("joke,rating\nx,3\n", CSVDataSetReader(textColumn: "joke", targetColumn: "rating"))
        #expect(data.texts == ["x"] && data.targets == [3])
    }

    @Test func everyBadFileGetsItsOwnError() {
        #expect(throws: DataSetError.missingColumn(file: "jokes.csv", column: "score", columns: ["text", "rating"])) {
            try read("text,rating\na,1\n")
        }
        #expect(throws: DataSetError.badTarget(file: "jokes.csv", row: 2, column: "score", value: "funny")) {
            try read("text,score\na,1\nb,funny\n")
        }
        #expect(throws: DataSetError.badTarget(file: "jokes.csv", row: 1, column: "score", value: "nan")) {
            try read("text,score\na,nan\n")
        }
        #expect(throws: DataSetError.badTarget(file: "jokes.csv", row: 1, column: "score", value: "")) {
            try read("text,score\na\n")
        }
        #expect(throws: DataSetError.empty(file: "jokes.csv")) { try read(" \n") }
        #expect(throws: DataSetError.noRows(file: "jokes.csv")) { try read("text,score\n") }
        #expect(throws: DataSetError.notUTF8(file: "jokes.csv")) {
            try CSVDataSetReader().read(Data([0x74, 0x2C, 0xFF, 0xFE, 0x0A]), file: "jokes.csv")
        }
        #expect(throws: DataSetError.self) { try CSVDataSetReader().read(URL(fileURLWithPath: "/nonexistent.csv")) }
    }

    @Test func errorsReadAsOneLine() {
        let error = DataSetError.missingColumn(file: "jokes.csv", column: "score", columns: ["text", "rating"])
        #expect(error.description == #"jokes.csv: has no column "score"; its columns are: "text", "rating""#)
    }
}
