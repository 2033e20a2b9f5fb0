/// A JSON number's digits as the parser reads them, and its value where that takes no more than one IEEE
/// operation: most numbers of an artifact (idf weights, thresholds) are read so, without the text and the
/// multi-precision path of the general conversion.
struct DecimalLiteral {
    /// The digits read so far, as an integer, while they fit.
    private(set) var significand: UInt64 = 0
    /// False once a digit did not fit `significand`.
    private(set) var fits = true
    /// The power of ten `significand` is scaled by.
    private(set) var exponent = 0

    /// Appends a digit of the integer part (`isFraction` false) or of the fraction.
    mutating func append(digit byte: UInt8, isFraction: Bool) {
        let digit = UInt64(byte &- UInt8(ascii: "0"))
        if isFraction { exponent -= 1 }
        guard significand <= (UInt64.max - 9) / 10 else {
            fits = false
            return
        }
        significand = significand * 10 + digit
    }

    /// Scales by the number after `e`.
    mutating func scale(byPowerOfTen power: Int) {
        exponent += power
    }

    /// The value, when the significand is at most 2^53 and the power of ten at most 22 either way: both are
    /// then exact doubles, so one multiplication or division rounds the true value correctly (Clinger's
    /// fast path). Nil otherwise, and the caller converts the text.
    func exactValue(negative: Bool) -> Double? {
        guard fits, significand <= 1 << 53, exponent >= -22, exponent <= 22 else { return nil }
        let power = Self.exactPowerOfTen(exponent.magnitude)
        let magnitude = exponent < 0 ? Double(significand) / power : Double(significand) * power
        return negative ? -magnitude : magnitude
    }

    /// 10^power for power ≤ 22, the largest power of ten a double holds exactly (5^22 < 2^53).
    private static func exactPowerOfTen(_ power: UInt) -> Double {
        switch power {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }
}
