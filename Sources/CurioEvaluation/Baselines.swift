import CurioCatalog
import Foundation

/// What a system needs to be built: the split's training data and an evaluator on the
/// validation items for tuning. Built once per `curio eval` run and shared by every
/// system, so the 329 MB co-occurrence matrix is computed once.
public final class TrainingContext: @unchecked Sendable {  // the cache is guarded by `lock`
    public let split: LeaveOneOutSplit
    /// Evaluator on the validation items, for tuning.
    public let validation: Evaluator
    /// Neighbourhood sizes item-kNN tries (one value pins it).
    public let neighborGrid: [Int]
    /// Regularisation strengths EASE tries (one value pins it).
    public let lambdaGrid: [Float]
    private let lock = NSLock()
    nonisolated(unsafe) private var cachedGram: [Float]?

    public init(split: LeaveOneOutSplit, k: Int = 10, neighborGrid: [Int] = Baselines.neighborGrid,
                lambdaGrid: [Float] = Baselines.lambdaGrid) {
        precondition(!neighborGrid.isEmpty && !lambdaGrid.isEmpty, "tuning grids must not be empty")
        self.split = split
        self.validation = Evaluator(split: split, target: .validation, k: k)
        self.neighborGrid = neighborGrid
        self.lambdaGrid = lambdaGrid
    }

    /// G = XᵀX of the training matrix, computed on first use and then shared.
    public var gram: [Float] {
        lock.withLock {
            if let cachedGram { return cachedGram }
            let g = cooccurrenceMatrix(sequences: split.trainingSequences, itemCount: split.itemCount)
            cachedGram = g
            return g
        }
    }
}

/// A system built for evaluation, with the hyperparameter tuning that chose it.
public struct BuiltSystem: Sendable {
    public var scorer: any ItemScorer
    /// The chosen setting ("λ=500"), empty when there is nothing to tune.
    public var setting: String
    public var trials: [TuningTrial]
    /// Seconds spent building and tuning.
    public var buildSeconds: Double

    public init(scorer: any ItemScorer, setting: String = "", trials: [TuningTrial] = [],
                buildSeconds: Double = 0) {
        self.scorer = scorer
        self.setting = setting
        self.trials = trials
        self.buildSeconds = buildSeconds
    }
}

/// A named recipe for a system: `curio eval --baselines` picks these by name, and the
/// integrator adds the language model and other generators as further factories.
public struct SystemFactory: Sendable {
    /// The name users type and reports print ("EASE").
    public var name: String
    public var build: @Sendable (TrainingContext) throws -> BuiltSystem

    public init(name: String, build: @escaping @Sendable (TrainingContext) throws -> BuiltSystem) {
        self.name = name
        self.build = build
    }
}

/// The strong simple baselines, tuned on validation.
public enum Baselines {
    /// Neighbourhood sizes tried for item-kNN.
    public static let neighborGrid = [5, 10, 20, 50, 100, 200, 500]
    /// Regularisation strengths tried for EASE.
    public static let lambdaGrid: [Float] = [50, 100, 200, 300, 500, 800, 1200, 2000]

    public static let mostPopular = SystemFactory(name: "MostPopular") { context in
        BuiltSystem(scorer: MostPopular(training: context.split.training,
                                        itemCount: context.split.itemCount))
    }

    public static let itemKNN = SystemFactory(name: "item-kNN") { context in
        let full = ItemKNN(gram: context.gram, itemCount: context.split.itemCount,
                           neighbors: context.neighborGrid.max()!)
        let tuned = Tuning.best(context.neighborGrid, label: { "k=\($0)" }, validation: context.validation) {
            full.limited(to: $0)
        }
        return BuiltSystem(scorer: tuned.scorer, setting: "k=\(tuned.setting)", trials: tuned.trials)
    }

    public static let ease = SystemFactory(name: "EASE") { context in
        let gram = context.gram
        let tuned = try Tuning.best(context.lambdaGrid, label: { "λ=\(Int($0))" }, validation: context.validation) {
            try EASE(gram: gram, itemCount: context.split.itemCount, lambda: $0)
        }
        return BuiltSystem(scorer: tuned.scorer, setting: "λ=\(Int(tuned.setting))", trials: tuned.trials)
    }

    /// Every baseline, in the order reports list them.
    public static let all = [mostPopular, itemKNN, ease]

    /// The factories for comma-separated `names` (case-insensitive), in the given order.
    ///
    /// - Throws: `EvaluationError.unknownSystem` for a name not in `available`.
    public static func select(_ names: [String], from available: [SystemFactory]) throws -> [SystemFactory] {
        try names.map { name in
            guard let factory = available.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw EvaluationError.unknownSystem(name, known: available.map(\.name))
            }
            return factory
        }
    }
}
