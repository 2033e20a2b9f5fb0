/// Names with integer weights, written `name:weight,name:weight` (`lr:70,tr:30`), picked at random in
/// proportion to their weights.
struct WeightedChoice: Sendable, Equatable {
    /// The names in the order given, and their weights.
    let entries: [(name: String, weight: Int)]
    private let total: Int

    /// Parses `spec`; a clear message names the part that is wrong.
    init(parsing spec: String) throws(InvalidLoadOption) {
        var entries: [(String, Int)] = []
        for part in spec.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            let name = pieces.first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
            guard pieces.count == 2, !name.isEmpty, let weight = Int(pieces[1].trimmingCharacters(in: .whitespaces)), weight >= 0 else {
                throw InvalidLoadOption(message: "'\(part)' is not name:weight with a whole weight of 0 or more (for example lr:70,tr:30)")
            }
            guard !entries.contains(where: { $0.0 == name }) else { throw InvalidLoadOption(message: "'\(name)' is listed twice") }
            entries.append((name, weight))
        }
        self.entries = entries
        total = entries.reduce(0) { $0 + $1.1 }
        guard total > 0 else { throw InvalidLoadOption(message: "the weights of '\(spec)' add up to 0; at least one must be positive") }
    }

    /// The name whose share of the total weight holds `draw` (any value; taken modulo the total).
    func pick(_ draw: UInt64) -> String {
        var remaining = Int(draw % UInt64(total))
        for entry in entries {
            if remaining < entry.weight { return entry.name }
            remaining -= entry.weight
        }
        return entries[entries.count - 1].name
    }

    static func == (left: Self, right: Self) -> Bool { left.entries.elementsEqual(right.entries) { $0 == $1 } }
}
