/// A model version as Semantic Versioning 2.0 orders it: `1.10.0` after `1.9.0`, `1.0.0-rc.1` before `1.0.0`,
/// build metadata (`+…`) ignored. A version that is not one (`latest`, `2024-11`) orders before every semantic
/// version, and among its kind by its text.
public struct SemanticVersion: Sendable, Comparable, CustomStringConvertible {
    /// The version as written.
    public let text: String
    private let core: [Int]?
    private let prerelease: [Substring]

    /// Reads `text`; any text is a version, ordered as above.
    public init(_ text: String) {
        self.text = text
        let withoutBuild = text.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = withoutBuild.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let numbers = parts[0].split(separator: ".", omittingEmptySubsequences: false).map { part in
            part.allSatisfy { ("0"..."9").contains($0) } ? Int(part) : nil
        }
        if numbers.count == 3, numbers.allSatisfy({ $0 != nil }) {
            core = numbers.map { $0! }
            prerelease = parts.count == 2 ? parts[1].split(separator: ".", omittingEmptySubsequences: false) : []
        } else {
            core = nil
            prerelease = []
        }
    }

    /// Whether the text is a semantic version (`MAJOR.MINOR.PATCH`, an optional `-pre-release` and `+build`).
    public var isSemantic: Bool { core != nil }

    public var description: String { text }

    public static func == (lhs: Self, rhs: Self) -> Bool { !(lhs < rhs) && !(rhs < lhs) }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        switch (lhs.core, rhs.core) {
        case (nil, nil): return lhs.text < rhs.text
        case (nil, _?): return true
        case (_?, nil): return false
        case (let left?, let right?):
            if left != right { return left.lexicographicallyPrecedes(right) }
            return precedes(lhs.prerelease, rhs.prerelease)
        }
    }

    /// Semantic Versioning's rule 11: a pre-release precedes its release; identifiers compare numerically when both
    /// are numbers, a number precedes a word, words compare by their ASCII text, and a shorter list precedes a longer.
    private static func precedes(_ lhs: [Substring], _ rhs: [Substring]) -> Bool {
        switch (lhs.isEmpty, rhs.isEmpty) {
        case (true, _): return false
        case (false, true): return true
        case (false, false): break
        }
        for (left, right) in zip(lhs, rhs) where left != right {
            switch (Int(left), Int(right)) {
            case (let l?, let r?): return l < r
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return left < right
            }
        }
        return lhs.count < rhs.count
    }
}
