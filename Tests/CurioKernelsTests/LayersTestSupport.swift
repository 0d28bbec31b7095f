import Foundation
@testable import CurioKernels
import CurioRandom

/// A small seeded generator so every kernel test sees the same numbers on every run.
struct TestRandom {
    var base: SeededGenerator
    // Offset so these tests keep the numbers they were written with.
    init(seed: UInt64) { base = SeededGenerator(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }
    mutating func next() -> UInt64 { base.next() }
    mutating func uniform(_ low: Float = -1, _ high: Float = 1) -> Float {
        low + (high - low) * Float(Double(next() >> 11) * 0x1.0p-53)
    }
    mutating func storage(_ count: Int, _ low: Float = -1, _ high: Float = 1) -> FloatStorage {
        FloatStorage((0..<count).map { _ in uniform(low, high) })
    }
}

/// Σ a·b in Double: the scalar "loss" L = Σ output ⊙ R whose gradient w.r.t. the output is R.
func projectedLoss(_ output: FloatStorage, _ projection: FloatStorage) -> Double {
    zip(output.array, projection.array).reduce(0) { $0 + Double($1.0) * Double($1.1) }
}

/// The outcome of comparing an analytic gradient with central finite differences.
struct GradientCheck: CustomStringConvertible {
    let label: String
    var worstRelative: Float = 0
    var worstIndex = -1
    var mismatches: [String] = []

    var description: String {
        "\(label): max relative error \(worstRelative) at \(worstIndex)"
            + (mismatches.isEmpty ? "" : "; first mismatches: " + mismatches.prefix(4).joined(separator: ", "))
    }
}

/// Compares `analytic` (d loss / d input) with (loss(x+ε) − loss(x−ε)) / 2ε for each index
/// in `indices` of `input` (all by default). Relative error uses a floor of `floor` so
/// near-zero gradients are judged absolutely.
func checkGradient(_ label: String, input: FloatStorage, analytic: [Float], indices: [Int]? = nil,
                   epsilon: Float = 1e-2, floor: Float = 1e-2, bound: Float = 1e-2,
                   loss: () -> Double) -> GradientCheck {
    var result = GradientCheck(label: label)
    for i in indices ?? Array(0..<input.count) {
        let saved = input[i]
        input[i] = saved + epsilon
        let plus = loss()
        input[i] = saved - epsilon
        let minus = loss()
        input[i] = saved
        let numeric = Float((plus - minus) / Double(2 * epsilon))
        let relative = abs(numeric - analytic[i]) / max(abs(numeric), abs(analytic[i]), floor)
        if relative > result.worstRelative { result.worstRelative = relative; result.worstIndex = i }
        if relative > bound { result.mismatches.append("[\(i)] analytic \(analytic[i]) numeric \(numeric)") }
    }
    print(result)
    return result
}
