/// A model that reads a text as tokens and takes at most so many of one text: the gateway refuses a longer
/// text (422), and counts tokens against a batch's budget (``DedicatedExecution/maxBatchTokens``), so that one
/// long text cannot hold the model for seconds.
public protocol TokenizedModel: TextModel {
    /// The tokens the model reads `text` as.
    func tokenCount(_ text: String) -> Int
    /// The most tokens of one text the model takes.
    var maxTokensPerText: Int { get }
}
