import Testing
import CurioCatalog
import CurioEngine
import CurioEvaluation
import CurioModel
@testable import CurioTraining

@Suite struct SpectralItemInitTests {
    /// Two audiences that never meet: items watched by the same people start close
    /// together, items of the other audience start apart, and an item nobody trained on
    /// gets no spectral row.
    @Test func itemsWithOneAudienceStartTogether() {
        var random = ModelRandom(seed: 4)
        var histories: [[Int]] = []
        for group in 0..<2 {
            for _ in 0..<12 {
                let items = (0..<5).map { group * 5 + $0 }.shuffled(using: &random)
                histories.append(Array(items.prefix(3 + Int(random.next() % 3))))
            }
        }
        let rows = SpectralItemInit.embeddings(histories: histories, itemCount: 11, dimension: 8, seed: 1)
        #expect(rows[10] == nil)
        func cosine(_ a: Int, _ b: Int) -> Float {
            let x = rows[a]!, y = rows[b]!
            let dot = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
            let nx = x.reduce(0) { $0 + $1 * $1 }.squareRoot(), ny = y.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return dot / (nx * ny)
        }
        let across = (0..<5).flatMap { a in (5..<10).map { abs(cosine(a, $0)) } }.max()!
        #expect(across < 0.15, "items of different audiences start (nearly) orthogonal: largest |cosine| \(across)")
        for group in [0, 5] {
            for a in group..<group + 5 {
                for b in group..<group + 5 where b != a {
                    #expect(cosine(a, b) > 0.15, "items \(a) and \(b) share an audience: cosine \(cosine(a, b))")
                }
            }
        }
    }

    @Test func jacobiEigenReconstructsTheMatrix() {
        let n = 6
        var random = ModelRandom(seed: 2)
        var m = [Float](repeating: 0, count: n * n)
        for i in 0..<n { for j in i..<n { let x = Float(random.nextGaussian()); m[i * n + j] = x; m[j * n + i] = x } }
        let (values, vectors) = symmetricEigen(m, n: n)
        for i in 0..<n {
            for j in 0..<n {
                let rebuilt = (0..<n).reduce(Float(0)) { $0 + vectors[i * n + $1] * values[$1] * vectors[j * n + $1] }
                #expect(abs(rebuilt - m[i * n + j]) < 1e-4)
            }
        }
    }

    /// Before its first step, a model started from co-watching already ranks the
    /// validation items far better than the same model started at random.
    @Test func aSpectralStartRanksBeforeAnyTraining() throws {
        let catalog = tinyCatalog()
        let split = LeaveOneOutSplit(catalog: catalog)
        let evaluator = Evaluator(split: split, target: .validation)
        func untrainedNDCG(spectral: Bool) throws -> Double {
            var options = tinyOptions(epochs: 1)
            options.spectralItemInit = spectral
            let run = try tinyRun(catalog, options: options)
            let result = evaluator.evaluate(LanguageModelScorer(run.languageModel))
            return result.ndcg.reduce(0, +) / Double(result.ndcg.count)
        }
        let random = try untrainedNDCG(spectral: false), spectral = try untrainedNDCG(spectral: true)
        #expect(spectral > random + 0.1, "validation NDCG@10 before training: spectral \(spectral), random \(random)")
    }
}
