import CurioEvaluation
import CurioCatalog
import Foundation
@testable import CurioGenerators
import CurioRandom

/// Small synthetic catalogs, a double-precision reference of the Mult-VAE loss, and
/// temporary files for the Mult-VAE tests.
enum MultVAEFixture {
    /// A split from per-user item sequences (oldest first), timestamps = positions.
    static func split(_ sequences: [[Int]], items: Int) -> LeaveOneOutSplit {
        var interactions = Interactions(userIDs: sequences.indices.map { "u\($0)" })
        for (user, sequence) in sequences.enumerated() {
            for (time, item) in sequence.enumerated() {
                interactions.users.append(Int32(user))
                interactions.items.append(Int32(item))
                interactions.ratings.append(5)
                interactions.timestamps.append(Int64(time))
            }
        }
        return LeaveOneOutSplit(interactions: interactions, itemIDs: itemIDs(items))
    }

    static func itemIDs(_ count: Int) -> [String] { (0..<count).map { "m\($0)" } }

    /// `groups` tastes of `itemsPerGroup` items each; every user draws `length` distinct
    /// items from one taste, so what a user will watch next is told by what they watched,
    /// not by popularity (every item is about equally popular).
    static func clusteredSplit(users: Int = 150, groups: Int = 3, itemsPerGroup: Int = 20, length: Int = 12,
                               seed: UInt64 = 7) -> LeaveOneOutSplit {
        var random = SeededGenerator(seed: seed)
        let sequences = (0..<users).map { user -> [Int] in
            let group = user % groups
            var pool = Array((group * itemsPerGroup)..<((group + 1) * itemsPerGroup))
            pool.shuffle(using: &random)
            return Array(pool.prefix(length))
        }
        return split(sequences, items: groups * itemsPerGroup)
    }

    /// A fresh path in the temporary directory.
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("curio-vae-\(UUID().uuidString)-\(name)").path
    }

    /// The batch-mean loss −Σ x log softmax(logits) + β·KL, in Double, written from the
    /// paper's equations independently of the Float code under test.
    static func referenceLoss(model: MultVAE, parameters p: [Double], histories: [[Int]],
                              noise: MultVAENoise?, beta: Double) -> Double {
        let d = model.architecture.latentSize, I = model.architecture.itemCount
        func dense(_ layer: MultVAELayout.Layer, _ x: [Double], tanh activate: Bool) -> [Double] {
            (0..<layer.outputs).map { o in
                var sum = p[layer.bias + o]
                for i in 0..<layer.inputs { sum += p[layer.weight + o * layer.inputs + i] * x[i] }
                return activate ? tanh(sum) : sum
            }
        }
        var total = 0.0
        for (b, history) in histories.enumerated() {
            var x = [Double](repeating: 0, count: I)
            let value = 1 / Double(history.count).squareRoot()
            for (position, item) in history.enumerated() {
                if let noise {
                    if noise.kept[b][position] { x[item] = value / Double(noise.keepProbability) }
                } else {
                    x[item] = value
                }
            }
            for (l, layer) in model.layout.encoder.enumerated() {
                x = dense(layer, x, tanh: l < model.layout.encoder.count - 1)
            }
            var z = [Double](repeating: 0, count: d)
            var kl = 0.0
            for j in 0..<d {
                let mean = x[j], logVariance = x[d + j]
                z[j] = mean + (noise.map { Double($0.epsilon[b * d + j]) } ?? 0) * exp(0.5 * logVariance)
                kl += 0.5 * (-logVariance + exp(logVariance) + mean * mean - 1)
            }
            for (l, layer) in model.layout.decoder.enumerated() {
                z = dense(layer, z, tanh: l < model.layout.decoder.count - 1)
            }
            let peak = z.max()!
            let logPartition = peak + log(z.reduce(0) { $0 + exp($1 - peak) })
            let nll = history.reduce(0) { $0 - (z[$1] - logPartition) }
            total += nll + beta * kl
        }
        return total / Double(histories.count)
    }
}
