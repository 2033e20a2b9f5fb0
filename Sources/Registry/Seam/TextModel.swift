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

    /// Rates `texts` as one batch, each as ``predict(_:)`` rates it: for kinds that rate a batch faster than its
    /// texts one by one. The default rates them one by one.
    func predict(batch texts: [String]) -> [Double]

    /// Where the gateway runs this model's ratings: inline (the default), or on threads of its own.
    var execution: ModelExecution { get }
}

extension TextModel {
    /// Makes the `String` and rates it.
    public func predict(utf8 text: UnsafeBufferPointer<UInt8>) -> Double { predict(String(decoding: text, as: UTF8.self)) }

    /// Rates the texts one by one.
    public func predict(batch texts: [String]) -> [Double] { texts.map(predict) }

    /// Inline: a rating costs less than handing it to another thread.
    public var execution: ModelExecution { .inline }
}
