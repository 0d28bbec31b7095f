// Linear warm-up then cosine decay (Loshchilov & Hutter, "SGDR", ICLR 2017), the schedule
// GPT-style training uses.

import Foundation

/// The learning rate as a function of the step number.
public struct LearningRateSchedule: Sendable, Equatable, Codable {
    /// Rate at the end of warm-up.
    public var peak: Float
    /// Steps of linear warm-up from peak/warmupSteps to peak.
    public var warmupSteps: Int
    /// Step at which the cosine reaches `minimum`; later steps stay there.
    public var totalSteps: Int
    /// Floor of the decay.
    public var minimum: Float

    /// A schedule; `minimum` defaults to a tenth of `peak`.
    public init(peak: Float, warmupSteps: Int, totalSteps: Int, minimum: Float? = nil) {
        self.peak = peak
        self.warmupSteps = max(0, warmupSteps)
        self.totalSteps = max(totalSteps, self.warmupSteps)
        self.minimum = minimum ?? peak / 10
    }

    /// The rate for 0-based `step`.
    ///
    /// Warm-up: peak·(step+1)/warmupSteps; then minimum + ½(peak − minimum)(1 + cos πp) with
    /// p the fraction of the decay steps done.
    public func rate(at step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
        let decaySteps = max(1, totalSteps - warmupSteps)
        let progress = min(1, Double(step - warmupSteps) / Double(decaySteps))
        return minimum + Float(0.5 * (1 + cos(Double.pi * progress))) * (peak - minimum)
    }
}
