// 16-bit float formats for weights: bf16 and IEEE fp16, stored as `UInt16` bits.
//
// Decoding is memory-bound (perf-notes: d_model 256, vocab 16,384 is ~30 MB of fp32
// weights, past the fast cache); half the bytes per weight brings the model back into
// L3. bf16 keeps fp32's range with 8 bits of mantissa (Kalamkar et al., "A Study of
// BFLOAT16 for Deep Learning Training", 2019); fp16 keeps 11 bits but overflows past
// 65,504. Both convert to fp32 exactly, so products are still summed in fp32.

/// A 16-bit floating-point format for stored weights.
public enum HalfFormat: Sendable, CaseIterable, CustomStringConvertible {
    /// bfloat16: the top 16 bits of an fp32 (8-bit exponent, 7 stored mantissa bits).
    case bfloat16
    /// IEEE 754 binary16 (5-bit exponent, 10 stored mantissa bits).
    case float16

    public var description: String { self == .bfloat16 ? "bf16" : "fp16" }

    /// The bits of the nearest value in this format, ties to even.
    ///
    /// NaN stays NaN (quiet), infinities stay infinite; values beyond the format's
    /// range round to infinity, as IEEE rounding prescribes.
    @inlinable
    public func encode(_ value: Float) -> UInt16 {
        switch self {
        case .bfloat16: return bfloat16Bits(value)
        case .float16: return Float16(value).bitPattern
        }
    }

    /// The fp32 value of these bits (exact: every value of both formats is an fp32).
    @inlinable
    public func decode(_ bits: UInt16) -> Float {
        switch self {
        case .bfloat16: return Float(bitPattern: UInt32(bits) << 16)
        case .float16: return Float(Float16(bitPattern: bits))
        }
    }

    /// Encodes `count` floats into 16-bit values, ties to even.
    ///
    /// Plain loops: LLVM vectorizes them (`vcvtps2ph` for fp16, integer rounding for
    /// bf16), whereas Swift's SIMD conversion initializers compile to calls.
    ///
    /// - Complexity: O(count).
    public func encode(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<UInt16>,
                       count: Int) {
        switch self {
        case .bfloat16:
            for i in 0..<count { destination[i] = bfloat16Bits(source[i]) }
        case .float16:
            for i in 0..<count { destination[i] = Float16(source[i]).bitPattern }
        }
    }

    /// Decodes `count` 16-bit values into floats (exactly).
    ///
    /// - Complexity: O(count).
    public func decode(_ source: UnsafePointer<UInt16>, into destination: UnsafeMutablePointer<Float>,
                       count: Int) {
        switch self {
        case .bfloat16:
            for i in 0..<count { destination[i] = Float(bitPattern: UInt32(source[i]) << 16) }
        case .float16:
            for i in 0..<count { destination[i] = Float(Float16(bitPattern: source[i])) }
        }
    }

    /// Encodes an array of floats.
    ///
    /// - Complexity: O(values.count).
    public func encode(_ values: [Float]) -> [UInt16] {
        [UInt16](unsafeUninitializedCapacity: values.count) { out, initialized in
            values.withUnsafeBufferPointer { encode($0.baseAddress!, into: out.baseAddress!, count: values.count) }
            initialized = values.count
        }
    }

    /// Decodes an array of 16-bit values.
    ///
    /// - Complexity: O(bits.count).
    public func decode(_ bits: [UInt16]) -> [Float] {
        [Float](unsafeUninitializedCapacity: bits.count) { out, initialized in
            bits.withUnsafeBufferPointer { decode($0.baseAddress!, into: out.baseAddress!, count: bits.count) }
            initialized = bits.count
        }
    }
}

/// fp32 → bf16 bits, round to nearest, ties to even; NaN stays a (quiet) NaN.
@inlinable
func bfloat16Bits(_ value: Float) -> UInt16 {
    let bits = value.bitPattern
    if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x40 }
    return UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16)
}
