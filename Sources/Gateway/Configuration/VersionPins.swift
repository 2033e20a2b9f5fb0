/// The version each named model serves (`--pin lr=1.0.0`, repeated, or `MODEL_PINS=lr=1.0.0,tr=2.0.0`).
public enum VersionPins {
    /// Reads `name=version` entries, each name once.
    public static func parse(_ entries: [String]) throws(GatewayConfiguration.InvalidSetting) -> [String: String] {
        var pins: [String: String] = [:]
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let name = String(parts[0]).trimmingHorizontalSpace(), let version = String(parts[1]).trimmingHorizontalSpace(),
                !name.contains("@")
            else { throw GatewayConfiguration.InvalidSetting(setting: "pin", reason: "\"\(entry)\" is not model=version, e.g. lr=1.0.0") }
            guard pins[name] == nil else { throw GatewayConfiguration.InvalidSetting(setting: "pin", reason: "\(name) is pinned twice") }
            pins[name] = version
        }
        return pins
    }

    /// Reads `MODEL_PINS`: entries separated by commas.
    public static func parse(list: String) throws(GatewayConfiguration.InvalidSetting) -> [String: String] {
        try parse(list.split(separator: ",").map(String.init))
    }
}
