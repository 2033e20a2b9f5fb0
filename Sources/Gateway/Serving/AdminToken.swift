/// The admin token that guards reloads and the model repository API on every front-end, in no protocol's terms:
/// each maps a refusal to its own status (HTTP 401/403, gRPC `UNAUTHENTICATED`/`PERMISSION_DENIED`).
package struct AdminToken: Sendable {
    /// Why a caller may not use the admin operations.
    package enum Refusal: Error, Equatable {
        /// No token is set (`ADMIN_TOKEN`): the admin operations are disabled.
        case disabled
        /// The caller sent no bearer token.
        case missing
        /// The caller's bearer token is another.
        case mismatched

        /// What the caller is told.
        package var message: String {
            switch self {
            case .disabled: "admin routes are disabled; set ADMIN_TOKEN"
            case .missing: "send Authorization: Bearer <ADMIN_TOKEN>"
            case .mismatched: "the bearer token is not the admin token"
            }
        }
    }

    /// The admin token; nil disables the admin operations.
    package let token: String?

    /// A check of `token`; nil disables the admin operations.
    package init(token: String?) {
        self.token = token
    }

    /// Checks `credentials`, the caller's `Authorization` value (`Bearer <token>`), against the token.
    package func check(credentials: String?) throws(Refusal) {
        guard let token else { throw .disabled }
        guard let credentials, credentials.count > 7, credentials.prefix(7).lowercased() == "bearer " else { throw .missing }
        guard Self.constantTimeEqual(Array(credentials.utf8.dropFirst(7)), Array(token.utf8)) else { throw .mismatched }
    }

    /// Compares in a time that depends only on the lengths, so that the answer's timing tells nothing of the token.
    private static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
    }
}
