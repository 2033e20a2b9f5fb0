/// Where `/docs` may load Swagger UI from: an `http(s)://` URL, or a path on this server.
package enum DocsAssetsLocation {
    /// FastAPI's default: Swagger UI 5 on the jsDelivr CDN.
    package static let defaultURL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5"

    /// Why `location` cannot be used, or nil when it can: an absolute `http(s)` URL with a host, or a path from
    /// this server's root, holding no white space, quotes, angle brackets or semicolons (it is written into the
    /// page and into the Content-Security-Policy).
    package static func problem(with location: String) -> String? {
        guard !location.isEmpty else { return "is empty" }
        if let bad = location.unicodeScalars.first(where: { $0.properties.isWhitespace || "\"'<>;`\\".unicodeScalars.contains($0) }) {
            return "holds \"\(bad)\", which a URL written into HTML and a Content-Security-Policy may not hold"
        }
        if location.hasPrefix("/") { return location.hasPrefix("//") ? "must name its scheme (https://…), not start with //" : nil }
        guard origin(of: location) != nil else { return "must be an http:// or https:// URL with a host, or a path on this server" }
        return nil
    }

    /// The origin (`scheme://host[:port]`) of an absolute URL; nil for a path on this server or a malformed URL.
    package static func origin(of location: String) -> String? {
        for scheme in ["https://", "http://"] where location.lowercased().hasPrefix(scheme) {
            let rest = location.dropFirst(scheme.count)
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            guard !authority.isEmpty, !authority.contains("@") else { return nil }
            return scheme + authority.lowercased()
        }
        return nil
    }
}
