/// What stops a batch run, in words for the `error:` line.
enum BatchError: Error, CustomStringConvertible, Equatable {
    /// Reading or writing failed.
    case io(String)
    /// A record's text is not UTF-8: which record (`line 3`, `row 3`) and the byte offset in it.
    case notUTF8(record: String, offset: Int)
    /// A JSON-lines record is not a JSON string.
    case notJSONString(record: String)
    /// The CSV input is not what was asked for.
    case csv(String)

    var description: String {
        switch self {
        case .io(let reason): reason
        case .notUTF8(let record, let offset): "\(record) is not valid UTF-8 (byte \(offset + 1) of it); nothing after it was rated"
        case .notJSONString(let record): "\(record) is not a JSON string"
        case .csv(let reason): reason
        }
    }
}
