import CurioCatalog
import CurioModel
import Foundation
@testable import CurioGenerators

/// Shared data for the IRGAN and MF tests.
enum IRGANFixture {
    /// A synthetic catalog with taste clusters a factor model can find and popularity
    /// cannot: `clusters` groups of `perCluster` items; each user likes 12 items, 10 of
    /// them from their own cluster (so MostPopular, which sees every cluster as equally
    /// popular, ranks the held-out item poorly).
    static func clusteredSplit(users: Int = 240, clusters: Int = 6, perCluster: Int = 15,
                               seed: UInt64 = 7) -> (split: LeaveOneOutSplit, itemIDs: [String]) {
        let n = clusters * perCluster
        var random = ModelRandom(seed: seed)
        var interactions = Interactions(userIDs: (0..<users).map { "u\($0)" })
        for user in 0..<users {
            let cluster = user % clusters
            var items = Set<Int>()
            while items.count < 10 { items.insert(cluster * perCluster + Int(random.next() % UInt64(perCluster))) }
            while items.count < 12 { items.insert(Int(random.next() % UInt64(n))) }
            for (time, item) in items.sorted().shuffled(using: &random).enumerated() {
                interactions.users.append(Int32(user))
                interactions.items.append(Int32(item))
                interactions.ratings.append(4)
                interactions.timestamps.append(Int64(time))
            }
        }
        let ids = (0..<n).map { String($0 + 1) }
        return (LeaveOneOutSplit(interactions: interactions, itemIDs: ids), ids)
    }

    /// A small model with large random parameters, so finite differences see curvature.
    static func randomModel(items: Int = 7, dimension: Int = 3, seed: UInt64 = 3) -> FactorModel {
        var model = FactorModel(itemCount: items, dimension: dimension, alpha: 0.5, seed: seed, scale: 0.6)
        var random = ModelRandom(seed: seed &+ 1)
        model.biases = (0..<items).map { _ in Float(random.nextGaussian()) * 0.5 }
        return model
    }

    /// Compares `analytic` with central differences of `loss` on every parameter; returns
    /// the worst mismatch as a message, or nil when all agree.
    static func gradientMismatch(model: FactorModel, analytic: FactorGradient,
                                 loss: (FactorModel) -> Float, step: Float = 1e-2,
                                 tolerance: Float = 2e-3) -> String? {
        var worst: (difference: Float, label: String)?
        func check(_ keyPath: WritableKeyPath<FactorModel, [Float]>, _ gradient: [Float], _ name: String) {
            for index in gradient.indices {
                var plus = model, minus = model
                plus[keyPath: keyPath][index] += step
                minus[keyPath: keyPath][index] -= step
                let numeric = (loss(plus) - loss(minus)) / (2 * step)
                let difference = abs(numeric - gradient[index])
                if difference > tolerance * max(1, abs(numeric)), difference > (worst?.difference ?? 0) {
                    worst = (difference, "\(name)[\(index)]: analytic \(gradient[index]) numeric \(numeric)")
                }
            }
        }
        check(\.historyFactors, analytic.historyFactors, "dQ")
        check(\.itemFactors, analytic.itemFactors, "dP")
        check(\.biases, analytic.biases, "db")
        return worst.map { "worst mismatch \($0.difference) at \($0.label)" }
    }

    /// A scratch directory removed by the caller.
    static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("curio-irgan-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The repository root, found from this file's path.
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Tests/CurioGeneratorsTests/file
        return url.path
    }()
}
