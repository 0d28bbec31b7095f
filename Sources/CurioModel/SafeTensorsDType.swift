// Element types of a safetensors checkpoint and the Float <-> 16-bit conversions they need.
// The bulk loops live in this file too, next to the scalar conversions they call, so they
// inline even in non-whole-module (debug) builds.
//
// The conversions are bit-exact scalar code so that the file format does not depend on
// `Float16` (absent on Intel macOS) or on the kernels' vector converters; the kernels
// module may use faster ones as long as they agree with these (the tests compare them).

/// The element type of a tensor in a safetensors file.
///
/// curio stores weights as 32-bit floats or as one of the two 16-bit float formats;
/// the raw value is the spelling the safetensors header uses.
public enum SafeTensorsDType: String, Sendable, CaseIterable, Codable {
    /// IEEE 754 binary32.
    case f32 = "F32"
    /// IEEE 754 binary16: 5 exponent bits, 10 mantissa bits; finite range ±65504.
    case f16 = "F16"
    /// bfloat16: the top 16 bits of a binary32 (8 exponent bits, 7 mantissa bits).
    case bf16 = "BF16"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .f32: 4
        case .f16, .bf16: 2
        }
    }

    /// Position in the reference implementation's dtype order (F16 < BF16 < F32). Its
    /// writer lays tensors out widest first by this order, and so does ours.
    var referenceOrder: Int {
        switch self {
        case .f16: 0
        case .bf16: 1
        case .f32: 2
        }
    }
}

/// Half-precision conversions used by safetensors files.
///
/// All rounding is round-to-nearest, ties-to-even (IEEE 754's default), so converting a
/// Float that is exactly representable gives that value back, and values overflow to
/// infinity exactly where IEEE arithmetic would. NaNs stay NaNs (quieted, sign kept).
public enum HalfConversion {
    /// The binary16 bit pattern nearest to `value`.
    ///
    /// Algorithm: F. Giesen, "float_to_half_fast3_rtne" (public domain, 2016): subnormal
    /// results are produced by one float addition of a magic constant, normal ones by
    /// integer rounding of the mantissa with a carry into the exponent.
    public static func halfBits(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
        let magnitude = bits & 0x7FFF_FFFF
        if magnitude >= 0x4780_0000 {  // >= 2^16: infinity, or NaN (quiet, payload top bits kept)
            if magnitude > 0x7F80_0000 {
                return sign | 0x7E00 | UInt16(truncatingIfNeeded: (magnitude >> 13) & 0x01FF)
            }
            return sign | 0x7C00
        }
        if magnitude < 0x3880_0000 {  // < 2^-14: the result is subnormal or zero
            // Adding 0.5 (exponent 126) aligns the 10 result bits at the bottom of the
            // mantissa; the FPU's round-to-nearest-even does the rounding for us.
            let magic = Float(bitPattern: 126 << 23)
            let shifted = Float(bitPattern: magnitude) + magic
            return sign | UInt16(truncatingIfNeeded: shifted.bitPattern &- magic.bitPattern)
        }
        let mantissaOdd = (magnitude >> 13) & 1
        // Rebias the exponent (127 -> 15) and add just under half an ulp, plus one if odd:
        // ties go to even, and a carry out of the mantissa bumps the exponent (to infinity
        // for values in [65520, 65536)).
        let rounded = magnitude &- ((127 - 15) << 23) &+ 0x0FFF &+ mantissaOdd
        return sign | UInt16(truncatingIfNeeded: rounded >> 13)
    }

    /// The Float value of a binary16 bit pattern (exact: every half is a float).
    public static func float(fromHalfBits bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x03FF)
        if exponent == 0 {  // zero or subnormal: mantissa · 2^-24
            let value = Float(mantissa) * Float(bitPattern: (127 - 24) << 23)
            return Float(bitPattern: value.bitPattern | sign)
        }
        if exponent == 0x1F {  // infinity or NaN
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        return Float(bitPattern: sign | ((exponent + 127 - 15) << 23) | (mantissa << 13))
    }

    /// Float bit patterns of 16 binary16 values (zero-extended), branch-free for SIMD.
    ///
    /// Same results as `float(fromHalfBits:)`. Algorithm: F. Giesen, "half_to_float_fast"
    /// (public domain): shift exponent and mantissa into place and rebias; infinities and
    /// NaNs get the rest of the exponent range, subnormals are renormalised by one float
    /// subtraction of a magic constant. The two special cases are selected with integer
    /// masks, not `.==`/`replace`, which Swift does not lower to vector code.
    public static func floatBits(fromHalfBits halves: SIMD16<UInt32>) -> SIMD16<UInt32> {
        typealias Lanes = SIMD16<UInt32>
        let sign: Lanes = (halves & Lanes(repeating: 0x8000)) &<< 16
        let shifted: Lanes = (halves & Lanes(repeating: 0x7FFF)) &<< 13
        let exponent: Lanes = halves & Lanes(repeating: 0x7C00)
        // 1 where the exponent is all ones (0x7C00 + 0x400 carries into bit 15), else 0.
        let isInfinityOrNaN: Lanes = (exponent &+ Lanes(repeating: 0x0400)) &>> 15
        var normal: Lanes = shifted &+ Lanes(repeating: (127 - 15) << 23)
        normal &+= isInfinityOrNaN &* Lanes(repeating: (128 - 16) << 23)
        // All ones where the exponent is zero (0 - 1 wraps to set the top bit), else 0.
        let isSubnormal: Lanes = Lanes(repeating: 0) &- ((exponent &- Lanes(repeating: 1)) &>> 31)
        let magic = SIMD16<Float>(repeating: Float(bitPattern: 113 << 23))
        let unnormalised: SIMD16<Float> = unsafeBitCast(shifted &+ Lanes(repeating: 113 << 23), to: SIMD16<Float>.self)
        let renormalised: Lanes = unsafeBitCast(unnormalised - magic, to: Lanes.self)
        return (renormalised & isSubnormal) | (normal & ~isSubnormal) | sign
    }

    /// The bfloat16 bit pattern nearest to `value`.
    ///
    /// bfloat16 keeps binary32's exponent, so rounding is a carry-propagating add on the
    /// discarded 16 bits; only NaN needs care (the add could turn it into infinity).
    public static func bfloat16Bits(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        if bits & 0x7FFF_FFFF > 0x7F80_0000 {
            return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040
        }
        let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: rounded >> 16)
    }

    /// The Float value of a bfloat16 bit pattern (exact).
    public static func float(fromBFloat16Bits bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }
}

extension SafeTensorsDType {
    /// `values` as little-endian bytes of this type.
    ///
    /// One generic call in the writer, then this concrete loop: iterating `some Collection`
    /// element by element through its witness table is ~100x slower than a buffer.
    /// - Complexity: O(n).
    func encode(_ values: UnsafeBufferPointer<Float>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: values.count * byteSize) { buffer, initialized in
            let out = UnsafeMutableRawBufferPointer(buffer)
            switch self {
            case .f32:
                for (i, value) in values.enumerated() {
                    out.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self)
                }
            case .f16:
                for (i, value) in values.enumerated() {
                    out.storeBytes(of: HalfConversion.halfBits(from: value).littleEndian, toByteOffset: 2 * i, as: UInt16.self)
                }
            case .bf16:
                for (i, value) in values.enumerated() {
                    out.storeBytes(of: HalfConversion.bfloat16Bits(from: value).littleEndian, toByteOffset: 2 * i, as: UInt16.self)
                }
            }
            initialized = values.count * byteSize
        }
    }

    /// 16-bit patterns as little-endian bytes.
    static func encode(_ patterns: UnsafeBufferPointer<UInt16>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: patterns.count * 2) { buffer, initialized in
            let out = UnsafeMutableRawBufferPointer(buffer)
            for (i, pattern) in patterns.enumerated() {
                out.storeBytes(of: pattern.littleEndian, toByteOffset: 2 * i, as: UInt16.self)
            }
            initialized = patterns.count * 2
        }
    }

    /// `values` as 16-bit patterns of this type (`.f16` or `.bf16`).
    func narrow(_ values: UnsafeBufferPointer<Float>) -> [UInt16] {
        precondition(byteSize == 2, "narrow(_:) needs a 16-bit dtype")
        return self == .f16 ? values.map(HalfConversion.halfBits(from:)) : values.map(HalfConversion.bfloat16Bits(from:))
    }

    /// `count` little-endian 16-bit patterns at `raw` (any alignment).
    static func patterns(_ raw: UnsafeRawBufferPointer, count: Int) -> [UInt16] {
        [UInt16](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                buffer[i] = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            }
            initialized = count
        }
    }

    /// Widens `count` little-endian elements of this type at `raw` (any alignment) to Float.
    ///
    /// F16 and BF16 go 16 lanes at a time (`floatBits(fromHalfBits:)`, a shift for BF16).
    /// - Complexity: O(count).
    func decode(_ raw: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0, let source = raw.baseAddress else { return }
        let destination = UnsafeMutableRawPointer(out)
        var i = 0
        #if _endian(little)
        if self == .f32 {
            destination.copyMemory(from: source, byteCount: count * 4)
            return
        }
        while i + 16 <= count {
            let halves = SIMD16<UInt32>(truncatingIfNeeded: source.loadUnaligned(fromByteOffset: 2 * i, as: SIMD16<UInt16>.self))
            let floats = self == .bf16 ? halves &<< 16 : HalfConversion.floatBits(fromHalfBits: halves)
            destination.storeBytes(of: floats, toByteOffset: 4 * i, as: SIMD16<UInt32>.self)
            i += 16
        }
        #endif
        while i < count {
            switch self {
            case .f32:
                out[i] = Float(bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            case .f16:
                out[i] = HalfConversion.float(fromHalfBits: UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
            case .bf16:
                out[i] = HalfConversion.float(fromBFloat16Bits: UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
            }
            i += 1
        }
    }
}
