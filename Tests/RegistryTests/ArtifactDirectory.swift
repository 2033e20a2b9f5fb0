import Foundation

/// A temporary models directory that tests fill with artifact files.
struct ArtifactDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("registry-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A valid `constant` artifact, with `replacing` substitutions applied to its text.
    static func constant(name: String, rating: String = "2.5", replacing replacements: [(String, String)] = []) -> String {
        var text = """
            {"format": "jokemeter.model", "formatVersion": 1, "name": "\(name)", "kind": "constant", "version": "1.2.3",
             "createdAt": "2026-11-25T10:00:00Z", "estimator": {"rating": \(rating)}}
            """
        for (old, new) in replacements { text = text.replacingOccurrences(of: old, with: new) }
        return text
    }

    @discardableResult
    func write(_ file: String, _ contents: String) throws -> URL {
        let fileURL = url.appendingPathComponent(file)
        try Data(contents.utf8).write(to: fileURL)
        return fileURL
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
