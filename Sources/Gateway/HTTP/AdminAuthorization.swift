import HTTPTypes
import Hummingbird

/// The admin routes' guard (`POST /admin/reload`, the model repository API): disabled (403) unless `ADMIN_TOKEN`
/// is set; then a request needs `Authorization: Bearer <token>` (401 without it, 403 with another).
struct AdminAuthorization: Sendable {
    /// The admin token's check.
    let token: AdminToken

    /// A guard of `token`; nil disables the admin routes.
    init(token: String?) {
        self.token = AdminToken(token: token)
    }

    /// Throws 403 when admin routes are disabled or the token is another, 401 when none is sent.
    func check(_ request: Request) throws(GatewayError) {
        do {
            try token.check(credentials: request.headers.combinedValue(.authorization))
        } catch {
            throw error == .missing ? .unauthorized(error.message) : .forbidden(error.message)
        }
    }
}
