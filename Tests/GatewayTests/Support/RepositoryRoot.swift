import Foundation

/// The repository's root, the nearest folder above this file that holds `Package.swift`: tests that read the
/// README, the Helm chart or the dashboard find it from any depth of the test folders.
let repositoryRoot: URL = {
    var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: folder.appending(path: "Package.swift").path) {
        let parent = folder.deletingLastPathComponent()
        guard parent.path != folder.path else { fatalError("no Package.swift above \(#filePath)") }
        folder = parent
    }
    return folder
}()
