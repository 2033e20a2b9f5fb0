/// An option value that cannot be used (weights, URL), with the message to show.
struct InvalidLoadOption: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
