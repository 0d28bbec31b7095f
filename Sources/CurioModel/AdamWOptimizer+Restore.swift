extension AdamWOptimizer {
    /// Puts back the moments and step count saved from an earlier run, so a resumed
    /// run continues exactly where it stopped (same bias correction, same schedule).
    ///
    /// - Throws: `ModelError.invalidConfig` if the moments do not fit the model.
    public func restore(firstMoment m: [Float], secondMoment v: [Float], stepCount: Int) throws {
        guard m.count == firstMoment.count, v.count == secondMoment.count, stepCount >= 0 else {
            throw ModelError.invalidConfig("saved optimizer state has \(m.count)/\(v.count) moments, the model \(firstMoment.count)")
        }
        firstMoment.all.copy(from: m)
        secondMoment.all.copy(from: v)
        self.stepCount = stepCount
    }
}
