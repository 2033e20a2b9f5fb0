import HTTPTypes

// The Gateway's own names for these headers are internal to it; the tests name them once, here.
extension HTTPField.Name {
    /// `X-Model`: the model a request asks for, and the one that answered.
    static let modelName = HTTPField.Name("X-Model")!
    /// `X-Model-Version`: the version a request asks for, and the one that answered.
    static let modelVersion = HTTPField.Name("X-Model-Version")!
}
