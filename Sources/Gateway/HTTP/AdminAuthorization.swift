import HTTPTypes
import Hummingbird

/// The admin routes' guard (`POST /admin/reload`, the model repository API): disabled (403) unless `ADMIN_TOKEN`
/// is set; then a request needs `Authorization: Bearer <token>` (401 without it, 403 with another).
struct AdminAuthorization: Sendable {
    /// The admin token; nil disables the admin routes.
    let token: String?

    /// Throws 403 when admin routes are disabled or the token is another, 401 when none is sent.
    func check(_ request: Request) throws(GatewayError) {
        guard let token else { throw .forbidden("admin routes are disabled; set ADMIN_TOKEN") }
        guard let credentials = request.headers.combinedValue(.authorization), credentials.count > 7,
            credentials.prefix(7).lowercased() == "bearer "
        else { throw .unauthorized("send Authorization: Bearer <ADMIN_TOKEN>") }
        guard constantTimeEqual(Array(credentials.utf8.dropFirst(7)), Array(token.utf8)) else {
            throw .forbidden("the bearer token is not the admin token")
        }
    }

    /// Compares in a time that depends only on the lengths, so that the answer's timing tells nothing of the token.
    private func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
    }
}
