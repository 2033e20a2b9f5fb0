import ArgumentParser
import Foundation
import Training

/// The options that name a CSV data file and its columns, shared by `train` and `evaluate`.
struct DataFileOptions: ParsableArguments {
    @Option(help: "CSV file with a header line.")
    var data: String

    @Option(help: "Column holding the texts.")
    var textColumn = "text"

    @Option(help: "Column holding the ratings.")
    var targetColumn = "score"

    @Option(help: "Field separator: auto, ',' or ';'.")
    var delimiter: CSVDataSetReader.Delimiter = .auto

    /// Reads the data set the options name.
    func read() throws -> DataSet {
        try CSVDataSetReader(textColumn: textColumn, targetColumn: targetColumn, delimiter: delimiter).read(URL(fileURLWithPath: data))
    }
}

extension CSVDataSetReader.Delimiter: ExpressibleByArgument {
    /// The help text names the values; ArgumentParser's own list would print `,,` and `;;`.
    public static var allValueStrings: [String] { [] }
}
