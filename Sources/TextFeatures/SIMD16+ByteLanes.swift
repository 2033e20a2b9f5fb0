// Lane-wise byte tests for the SIMD fast path. Comparisons take a vector on both sides, and masks become
// 0x00/0xFF bytes by a bit cast, because on x86-64 that is what compiles to SSE2 (`pcmpeqb`, `pminub`,
// `pand`); a scalar right-hand side or `replacing(with:where:)` compiles to a branch per lane
// (scripts/simd-width-probe.swift: 2.7 GB/s against 29 MB/s; `SIMD32` is not vectorised at all, 14 MB/s).

extension SIMD16 where Scalar == UInt8 {
    /// 0xFF in the lanes `mask` selects, 0x00 elsewhere.
    @inlinable @inline(__always)
    package static func lanes(_ mask: SIMDMask<SIMD16<Int8>>) -> Self { unsafeBitCast(mask, to: Self.self) }

    /// 0xFF in the lanes whose byte is in `lowest...highest`.
    @inlinable @inline(__always)
    package func lanes(in lowest: UInt8, _ highest: UInt8) -> Self {
        .lanes((self &- Self(repeating: lowest)) .<= Self(repeating: highest &- lowest))
    }

    /// 0xFF in the lanes whose byte is `value`.
    @inlinable @inline(__always)
    package func lanes(equalTo value: UInt8) -> Self { .lanes(self .== Self(repeating: value)) }

    /// Bit i set where lane i is non-zero; lanes must be 0x00 or 0xFF (as `lanes` makes them). Each half's
    /// selected bit weights are distinct powers of two, so one multiplication gathers them without carries.
    @inlinable @inline(__always)
    package var bitMask: UInt16 {
        let weights = Self(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128)
        let halves = unsafeBitCast(self & weights, to: SIMD2<UInt64>.self)
        let low = (halves[0] &* 0x0101_0101_0101_0101) >> 56
        let high = (halves[1] &* 0x0101_0101_0101_0101) >> 56
        return UInt16(truncatingIfNeeded: low | high << 8)
    }

    /// Whether every lane is zero.
    @inlinable @inline(__always)
    package var isZero: Bool {
        let halves = unsafeBitCast(self, to: SIMD2<UInt64>.self)
        return halves[0] | halves[1] == 0
    }
}
