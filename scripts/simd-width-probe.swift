import Foundation

typealias V16 = SIMD16<UInt8>
typealias V32 = SIMD32<UInt8>
/// 1 where lo <= x <= hi, else 0, lane-wise, without masks.
@inline(__always) func inRange16(_ x: V16, _ lo: UInt8, _ hi: UInt8) -> V16 {
    unsafeBitCast((x &- V16(repeating: lo)) .<= V16(repeating: hi &- lo), to: V16.self) & V16(repeating: 1)
}
@inline(__always) func inRange32(_ x: V32, _ lo: UInt8, _ hi: UInt8) -> V32 {
    unsafeBitCast((x &- V32(repeating: lo)) .<= V32(repeating: hi &- lo), to: V32.self) & V32(repeating: 1)
}
@inline(never) func lower16(_ p: UnsafeMutableRawPointer, _ q: UnsafeMutableRawPointer, _ n: Int) -> Int {
    var i = 0
    var acc = V16()
    while i + 16 <= n {
        let v = p.loadUnaligned(fromByteOffset: i, as: V16.self)
        let l = v | (inRange16(v, 0x41, 0x5A) &<< 5)
        let word = inRange16(l, 0x61, 0x7A) | inRange16(l, 0x30, 0x39) | inRange16(l, 0x5F, 0x5F) | inRange16(l, 0x80, 0xFF)
        p.storeBytes(of: l, toByteOffset: i, as: V16.self)
        q.storeBytes(of: word, toByteOffset: i, as: V16.self)
        acc &+= word
        i += 16
    }
    return Int(acc.wrappedSum())
}
@inline(never) func lower32(_ p: UnsafeMutableRawPointer, _ q: UnsafeMutableRawPointer, _ n: Int) -> Int {
    var i = 0
    var acc = V32()
    while i + 32 <= n {
        let v = p.loadUnaligned(fromByteOffset: i, as: V32.self)
        let l = v | (inRange32(v, 0x41, 0x5A) &<< 5)
        let word = inRange32(l, 0x61, 0x7A) | inRange32(l, 0x30, 0x39) | inRange32(l, 0x5F, 0x5F) | inRange32(l, 0x80, 0xFF)
        p.storeBytes(of: l, toByteOffset: i, as: V32.self)
        q.storeBytes(of: word, toByteOffset: i, as: V32.self)
        acc &+= word
        i += 32
    }
    return Int(acc.wrappedSum())
}
@inline(never) func anyHigh16(_ p: UnsafeRawPointer, _ n: Int) -> Int {
    var i = 0
    var acc = V16()
    while i + 16 <= n {
        acc |= p.loadUnaligned(fromByteOffset: i, as: V16.self)
        i += 16
    }
    return Int(acc.max())
}
@inline(never) func anyHigh32(_ p: UnsafeRawPointer, _ n: Int) -> Int {
    var i = 0
    var acc = V32()
    while i + 32 <= n {
        acc |= p.loadUnaligned(fromByteOffset: i, as: V32.self)
        i += 32
    }
    return Int(acc.max())
}
@inline(never) func lowerScalar(_ p: UnsafeMutablePointer<UInt8>, _ q: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int {
    var words = 0
    for i in 0..<n {
        var b = p[i]
        if b >= 0x41 && b <= 0x5A { b |= 0x20 }
        p[i] = b
        let w: UInt8 = (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b >= 0x80 ? 1 : 0
        q[i] = w
        words &+= Int(w)
    }
    return words
}
let n = 64 << 20
let buf = UnsafeMutablePointer<UInt8>.allocate(capacity: n)
let out = UnsafeMutablePointer<UInt8>.allocate(capacity: n)
for i in 0..<n { buf[i] = UInt8(truncatingIfNeeded: (i &* 2_654_435_761) >> 7) & 0x7F }
let cases: [(String, () -> Int)] = [
    ("lower+classify simd16", { lower16(UnsafeMutableRawPointer(buf), UnsafeMutableRawPointer(out), n) }),
    ("lower+classify simd32", { lower32(UnsafeMutableRawPointer(buf), UnsafeMutableRawPointer(out), n) }),
    ("lower+classify scalar", { lowerScalar(buf, out, n) }),
    ("ascii check simd16", { anyHigh16(UnsafeRawPointer(buf), n) }),
    ("ascii check simd32", { anyHigh32(UnsafeRawPointer(buf), n) }),
]
for (name, f) in cases {
    var best = Double.infinity
    var r = 0
    for _ in 0..<5 {
        let t = Date()
        r &+= f()
        best = min(best, Date().timeIntervalSince(t))
    }
    print(name, String(format: "%.0f MB/s", Double(n) / best / 1e6))
}
