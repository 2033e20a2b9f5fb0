/// A loaded model that rates text: the only face of a model that the gateway and the command line see.
///
/// Implementations are immutable and shared read-only across threads.
public protocol TextModel: Sendable {
    /// What the model is: name, kind, version, digest and training record.
    var descriptor: ModelDescriptor { get }

    /// Rates `text`; the same text always gets the same rating.
    func predict(_ text: String) -> Double
}
