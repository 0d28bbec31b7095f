import Testing
@testable import CurioKernels
import CurioRandom

/// bf16 and fp16 conversions: exact on known values, bounded error on round trips.
@Suite struct HalfPrecisionTests {
    /// (value, bf16 bits) pairs worked out by hand from the fp32 bit patterns.
    static let bfloat16Known: [(Float, UInt16)] = [
        (0, 0x0000), (-0.0, 0x8000), (1, 0x3F80), (-2, 0xC000), (0.5, 0x3F00),
        (3.140625, 0x4049),                   // exactly representable
        (Float(bitPattern: 0x3F80_8000), 0x3F80),  // tie, even neighbour below
        (Float(bitPattern: 0x3F81_8000), 0x3F82),  // tie, even neighbour above
        (Float(bitPattern: 0x3F80_8001), 0x3F81),  // just past the tie
        (Float(bitPattern: 0x3F80_7FFF), 0x3F80),  // just below the tie
        (.infinity, 0x7F80), (-.infinity, 0xFF80),
        (Float.greatestFiniteMagnitude, 0x7F80),  // rounds up to infinity
        (Float(bitPattern: 0x0000_0001), 0x0000),  // smallest subnormal rounds to 0
    ]

    /// (value, fp16 bits), IEEE binary16.
    static let float16Known: [(Float, UInt16)] = [
        (0, 0x0000), (-0.0, 0x8000), (1, 0x3C00), (-2, 0xC000), (65504, 0x7BFF),
        (65520, 0x7C00),                       // halfway past the largest finite: infinity
        (1 + 1.0 / 2048, 0x3C00),              // tie, even neighbour below
        (1 + 3.0 / 2048, 0x3C02),              // tie, even neighbour above
        (Float(bitPattern: 0x3380_0000), 0x0001),  // 2^-24, smallest fp16 subnormal
        (.infinity, 0x7C00), (-.infinity, 0xFC00),
    ]

    func check(_ format: HalfFormat, _ known: [(Float, UInt16)]) {
        // 21 values: past the 16-wide vector path, so both it and the tail are used.
        let values = known.map(\.0) + known.map(\.0).prefix(21 - known.count)
        let want = known.map(\.1) + known.map(\.1).prefix(21 - known.count)
        let bulk = format.encode(values)
        for (i, value) in values.enumerated() {
            #expect(format.encode(value) == want[i],
                    "\(format) encode \(value): got 0x\(String(format.encode(value), radix: 16)), want 0x\(String(want[i], radix: 16))")
            #expect(bulk[i] == want[i],
                    "\(format) bulk encode [\(i)] \(value): got 0x\(String(bulk[i], radix: 16)), want 0x\(String(want[i], radix: 16))")
        }
        let decoded = format.decode(bulk)
        for (i, bits) in bulk.enumerated() {
            #expect(decoded[i].bitPattern == format.decode(bits).bitPattern, "\(format) bulk decode [\(i)]")
        }
    }

    @Test func bfloat16KnownValues() { check(.bfloat16, Self.bfloat16Known) }
    @Test func float16KnownValues() { check(.float16, Self.float16Known) }

    @Test func bfloat16DecodesExactly() {
        #expect(HalfFormat.bfloat16.decode(0x3F80) == 1)
        #expect(HalfFormat.bfloat16.decode(0x4049) == 3.140625)
        #expect(HalfFormat.bfloat16.decode(0xFF80) == -.infinity)
        #expect(HalfFormat.float16.decode(0x7BFF) == 65504)
        #expect(HalfFormat.float16.decode(0x0001) == Float(bitPattern: 0x3380_0000))
    }

    @Test(arguments: HalfFormat.allCases)
    func nanStaysNaN(_ format: HalfFormat) {
        // A NaN whose payload is only in the low 16 bits: truncation alone would give infinity.
        let values = [Float](repeating: Float(bitPattern: 0x7F80_0001), count: 9) + [.nan]
        for bits in format.encode(values) {
            #expect(format.decode(bits).isNaN, "\(format): NaN encoded as 0x\(String(bits, radix: 16))")
        }
    }

    /// Round trips stay within the unit roundoff: 2^-8 relative for bf16 (8 significant
    /// bits), 2^-11 for fp16 (11 bits) in its normal range; encoding is idempotent.
    @Test(arguments: [(HalfFormat.bfloat16, Float(1.0 / 256)), (HalfFormat.float16, Float(1.0 / 2048))])
    func roundTripIsWithinHalfAnULP(_ format: HalfFormat, _ bound: Float) {
        var rng = SeededGenerator(seed: 3)
        let values = (0..<1000).map { _ in Float.random(in: -60000...60000, using: &rng) }
            + (0..<1000).map { _ in Float.random(in: -1...1, using: &rng) }.filter { abs($0) > 1e-4 }
        let back = format.decode(format.encode(values))
        var worst: Float = 0
        for (v, b) in zip(values, back) { worst = max(worst, abs(v - b) / abs(v)) }
        #expect(worst <= bound, "\(format): worst relative round-trip error \(worst) > \(bound)")
        #expect(format.encode(back) == format.encode(values), "\(format): re-encoding changed bits")
    }
}
