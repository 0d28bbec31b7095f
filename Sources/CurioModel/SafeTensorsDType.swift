// Element types of a safetensors checkpoint and the Float <-> 16-bit conversions they need.
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
    @inlinable
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
    @inlinable
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

    /// The bfloat16 bit pattern nearest to `value`.
    ///
    /// bfloat16 keeps binary32's exponent, so rounding is a carry-propagating add on the
    /// discarded 16 bits; only NaN needs care (the add could turn it into infinity).
    @inlinable
    public static func bfloat16Bits(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        if bits & 0x7FFF_FFFF > 0x7F80_0000 {
            return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040
        }
        let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: rounded >> 16)
    }

    /// The Float value of a bfloat16 bit pattern (exact).
    @inlinable
    public static func float(fromBFloat16Bits bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }
}
