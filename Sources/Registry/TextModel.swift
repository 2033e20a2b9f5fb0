/// A loaded model that rates text: the only face of a model that the gateway and the command line see.
///
/// Implementations are immutable and shared read-only across threads.
public protocol TextModel: Sendable {
    /// What the model is: name, kind, version, digest and training record.
    var descriptor: ModelDescriptor { get }

    /// Rates `text`; the same text always gets the same rating.
    func predict(_ text: String) -> Double

    /// Rates the valid UTF-8 bytes `text` as ``predict(_:)`` rates the same text as a `String`: the batch path,
    /// which reads texts in place. The default makes the `String`; the TF-IDF kinds read the bytes directly.
    func predict(utf8 text: UnsafeBufferPointer<UInt8>) -> Double
}

extension TextModel {
    /// Makes the `String` and rates it.
    public func predict(utf8 text: UnsafeBufferPointer<UInt8>) -> Double { predict(String(decoding: text, as: UTF8.self)) }
}
