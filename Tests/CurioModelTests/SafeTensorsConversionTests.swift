import Testing
@testable import CurioModel
import CurioRandom

/// F16 and BF16 conversions: known bit patterns, ties to even, overflow, NaN and Inf,
/// and agreement with the hardware's own conversion where Swift exposes it.
@Suite struct SafeTensorsConversionTests {
    typealias H = HalfConversion

    /// Random floats: half of them with exponents across the F16 range (2^-30 ... 2^20, so
    /// subnormals, normals and overflow all occur), half uniform over all bit patterns.
    static func sample(_ rng: inout SeededGenerator) -> Float {
        let r = rng.next()
        if r & 1 == 0 { return Float(bitPattern: UInt32(truncatingIfNeeded: r >> 32)) }
        let exponent = UInt32(97 + (r >> 1) % 51)
        let mantissa = UInt32(truncatingIfNeeded: r >> 8) & 0x7F_FFFF
        let sign = UInt32(truncatingIfNeeded: r >> 63) << 31
        return Float(bitPattern: sign | exponent << 23 | mantissa)
    }

    @Test func halfKnownPatterns() {
        let cases: [(Float, UInt16, String)] = [
            (0, 0x0000, "zero"), (-0.0, 0x8000, "negative zero"),
            (1, 0x3C00, "one"), (-2, 0xC000, "minus two"), (0.5, 0x3800, "half"),
            (65504, 0x7BFF, "largest finite"), (65519.996, 0x7BFF, "just below the overflow tie"),
            (65520, 0x7C00, "overflow tie rounds to infinity"), (1e10, 0x7C00, "overflow"),
            (Float(bitPattern: 0x3380_0000), 0x0001, "2^-24, smallest subnormal"),
            (Float(bitPattern: 0x3300_0000), 0x0000, "2^-25 ties to even zero"),
            (Float(bitPattern: 0x33C0_0000), 0x0002, "1.5 · 2^-24 ties to even 2"),
            (Float(bitPattern: 0x3880_0000), 0x0400, "2^-14, smallest normal"),
            (Float(bitPattern: 0x387F_E000), 0x0400, "largest subnormal tie rounds up into the normals"),
            (1 + 1.0 / 2048, 0x3C00, "tie between 1 and next rounds to even 1"),
            (1 + 3.0 / 2048, 0x3C02, "tie rounds up to even"),
            (1 + 1.0 / 2048 + 1.0 / 65536, 0x3C01, "just above a tie rounds up"),
            (.infinity, 0x7C00, "infinity"), (-.infinity, 0xFC00, "minus infinity"),
        ]
        for (value, bits, label) in cases {
            let got = H.halfBits(from: value)
            #expect(got == bits, "\(label): \(value) -> 0x\(String(got, radix: 16)), want 0x\(String(bits, radix: 16))")
        }
    }

    @Test func bfloat16KnownPatterns() {
        let cases: [(Float, UInt16, String)] = [
            (0, 0x0000, "zero"), (-0.0, 0x8000, "negative zero"), (1, 0x3F80, "one"), (-2, 0xC000, "minus two"),
            (1 + 1.0 / 256, 0x3F80, "tie rounds to even 1"), (1 + 3.0 / 256, 0x3F82, "tie rounds up to even"),
            (1 + 1.0 / 256 + 1.0 / 65536, 0x3F81, "just above a tie"),
            (.greatestFiniteMagnitude, 0x7F80, "largest float rounds to infinity"),
            (Float(bitPattern: 0x7F7F_7FFF), 0x7F7F, "just below the overflow tie"),
            (.infinity, 0x7F80, "infinity"), (-.infinity, 0xFF80, "minus infinity"),
            (Float(bitPattern: 0x0000_8000), 0x0000, "subnormal tie to even zero"),
            (Float(bitPattern: 0x0001_8000), 0x0002, "subnormal tie to even"),
        ]
        for (value, bits, label) in cases {
            let got = H.bfloat16Bits(from: value)
            #expect(got == bits, "\(label): \(value) -> 0x\(String(got, radix: 16)), want 0x\(String(bits, radix: 16))")
        }
    }

    @Test func nanStaysNaNWithItsSign() {
        // 0x7F800001 is a signalling NaN whose payload lives only in the low bits: naive
        // rounding would carry it into infinity or truncate it into infinity.
        for pattern: UInt32 in [0x7FC0_0000, 0x7F80_0001, 0xFF80_0001, 0x7FFF_FFFF, 0x7F80_2000] {
            let nan = Float(bitPattern: pattern)
            let half = H.halfBits(from: nan), bfloat = H.bfloat16Bits(from: nan)
            #expect(H.float(fromHalfBits: half).isNaN, "F16 of 0x\(String(pattern, radix: 16)) is 0x\(String(half, radix: 16))")
            #expect(H.float(fromBFloat16Bits: bfloat).isNaN, "BF16 of 0x\(String(pattern, radix: 16)) is 0x\(String(bfloat, radix: 16))")
            #expect((half & 0x8000 != 0) == (pattern >> 31 == 1))
            #expect((bfloat & 0x8000 != 0) == (pattern >> 31 == 1))
        }
        #expect(H.float(fromHalfBits: 0x7E00).isNaN && H.float(fromHalfBits: 0x7C01).isNaN)
        #expect(H.float(fromBFloat16Bits: 0x7FC0).isNaN)
    }

    @Test func everyPatternSurvivesWideningAndNarrowing() {
        for bits in 0...UInt16.max {
            let viaHalf = H.float(fromHalfBits: bits)
            let viaBFloat = H.float(fromBFloat16Bits: bits)
            if !viaHalf.isNaN { #expect(H.halfBits(from: viaHalf) == bits, "F16 0x\(String(bits, radix: 16))") }
            if !viaBFloat.isNaN { #expect(H.bfloat16Bits(from: viaBFloat) == bits, "BF16 0x\(String(bits, radix: 16))") }
        }
        #expect(H.float(fromHalfBits: 0x0001) == Float(bitPattern: 0x3380_0000))
        #expect(H.float(fromHalfBits: 0x03FF) == Float(bitPattern: 0x387F_C000))
        #expect(H.float(fromHalfBits: 0x7BFF) == 65504)
        #expect(H.float(fromHalfBits: 0xFC00) == -.infinity)
    }

    @Test func vectorHalfWideningMatchesScalar() {
        for start in stride(from: 0, to: 65536, by: 16) {
            let lanes = SIMD16<UInt32>((0..<16).map { UInt32(start + $0) })
            let vector = H.floatBits(fromHalfBits: lanes)
            for lane in 0..<16 {
                let scalar = H.float(fromHalfBits: UInt16(start + lane)).bitPattern
                #expect(vector[lane] == scalar, "0x\(String(start + lane, radix: 16)): vector 0x\(String(vector[lane], radix: 16)), scalar 0x\(String(scalar, radix: 16))")
            }
        }
    }

    /// Every 16-bit pattern read back through a file, on the aligned fast path and on an
    /// unaligned data section (odd header length), widens exactly as the scalar code does.
    @Test(arguments: [SafeTensorsDType.f16, .bf16], [0, 1])
    func everyPatternReadsBackThroughAFile(dtype: SafeTensorsDType, misalignment: Int) throws {
        let patterns = (0...UInt16.max).map { $0 }
        var writer = SafeTensorsWriter()
        try writer.add("all", bits: patterns, shape: [patterns.count], dtype: dtype)
        var bytes = writer.serialized()
        if misalignment == 1 {  // one more space of header padding: data starts at an odd byte
            let length = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } + 1
            bytes.insert(UInt8(ascii: " "), at: 8 + Int(length) - 1)
            for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: length >> (8 * i)) }
        }
        let loaded = try SafeTensorsFile(bytes: bytes, name: "all").floats(named: "all")
        let expected = patterns.map { dtype == .f16 ? H.float(fromHalfBits: $0) : H.float(fromBFloat16Bits: $0) }
        let mismatches = zip(loaded, expected).enumerated().filter { $0.element.0.bitPattern != $0.element.1.bitPattern }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first at pattern 0x\(String(mismatches.first?.offset ?? 0, radix: 16))")
    }

    /// The result is the nearest representable value, and on a tie the even one: checked
    /// against its neighbours in Double arithmetic, independently of how it was computed.
    @Test(arguments: [SafeTensorsDType.f16, .bf16])
    func roundingIsNearestTiesToEven(dtype: SafeTensorsDType) {
        var rng = SeededGenerator(seed: 7)
        let narrow = { (value: Float) -> UInt16 in
            dtype == .f16 ? H.halfBits(from: value) : H.bfloat16Bits(from: value)
        }
        let widen = { (bits: UInt16) -> Float in
            dtype == .f16 ? H.float(fromHalfBits: bits) : H.float(fromBFloat16Bits: bits)
        }
        let largest = Double(widen(dtype == .f16 ? 0x7BFF : 0x7F7F))
        var failures = 0
        for _ in 0..<200_000 {
            let value = Self.sample(&rng)
            guard value.isFinite, abs(Double(value)) <= largest else { continue }
            let bits = narrow(value) & 0x7FFF, sign = narrow(value) & 0x8000
            let got = Double(widen(bits))
            let exact = abs(Double(value))
            let below = bits > 0 ? Double(widen(bits - 1)) : -Double.infinity
            let above = Double(widen(bits + 1))
            let error = abs(got - exact)
            let nearest = error <= abs(below - exact) && error <= abs(above - exact)
            let tieBroken = (error == abs(below - exact) || error == abs(above - exact)) && error != 0
            let ok = nearest && (!tieBroken || bits & 1 == 0) && (sign != 0) == (value.sign == .minus)
            if !ok && failures < 5 {
                failures += 1
                Issue.record("\(dtype.rawValue): \(value) (0x\(String(value.bitPattern, radix: 16))) -> 0x\(String(bits | sign, radix: 16)) = \(got)")
            }
        }
        #expect(failures == 0)
    }

    #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
    /// Where Swift has `Float16` (hardware F16C conversions on x86), ours agree with it bit for bit.
    @Test func halfAgreesWithFloat16() {
        for bits in 0...UInt16.max {
            let ours = H.float(fromHalfBits: bits), theirs = Float(Float16(bitPattern: bits))
            #expect(ours.bitPattern == theirs.bitPattern || (ours.isNaN && theirs.isNaN), "0x\(String(bits, radix: 16))")
        }
        var rng = SeededGenerator(seed: 11)
        var mismatches = 0
        for _ in 0..<200_000 {
            let value = Self.sample(&rng)
            let ours = H.halfBits(from: value), theirs = Float16(value).bitPattern
            if ours != theirs && !(value.isNaN) {
                mismatches += 1
                if mismatches <= 5 { Issue.record("\(value): ours 0x\(String(ours, radix: 16)), Float16 0x\(String(theirs, radix: 16))") }
            }
        }
        #expect(mismatches == 0)
    }
    #endif
}
