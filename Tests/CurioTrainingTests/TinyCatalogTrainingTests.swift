import Foundation
import Testing
import CurioCatalog
import CurioEngine
import CurioEvaluation
import CurioModel
@testable import CurioTraining

/// A tiny catalog whose users watch items in a fixed cyclic order (each from a random
/// start), so the next item is predictable from the last one while every item is
/// equally popular: a model that learns beats MostPopular by far.
func tinyCatalog(items n: Int = 40, users: Int = 60, length: Int = 12) -> Catalog {
    let genres = ["Comedy", "Drama", "Horror", "Romance"]
    let items = (0..<n).map { i in
        Item(index: i, id: String(i + 1), title: "Film Number \(i + 1)", year: 1980 + i % 30,
             genres: [genres[i % genres.count]], runtime: 80 + i % 50)
    }
    var random = ModelRandom(seed: 7)
    var interactions = Interactions()
    for u in 0..<users {
        interactions.userIDs.append("u\(u)")
        let start = Int(random.next() % UInt64(n))
        for t in 0..<length {
            interactions.users.append(Int32(u))
            interactions.items.append(Int32((start + t) % n))
            interactions.ratings.append(4)
            interactions.timestamps.append(Int64(1_000 + t))
        }
    }
    let manifest = CatalogManifest(
        name: "tiny", itemNoun: "film", itemNounPlural: "films", description: "test", attribution: "", license: "",
        facets: [.init(column: "genres", kind: .list), .init(column: "year", kind: .decade),
                 .init(column: "runtime", kind: .bands, cuts: [90, 120], labels: ["short", "medium", "long"])])
    return Catalog(manifest: manifest, items: items, interactions: interactions)
}

/// The repository's prompts/ folder.
let promptsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("prompts").path

func tinyRun(_ catalog: Catalog, epochs: Int, seed: UInt64 = 3, dropout: Float = 0) throws -> TrainingRun {
    try tinyRun(catalog, options: tinyOptions(epochs: epochs, seed: seed, dropout: dropout))
}

/// A run of the tiny model with `options` (the model's initial weights drawn from their seed).
func tinyRun(_ catalog: Catalog, options: TrainingOptions, teacher: [TransformerModel] = []) throws -> TrainingRun {
    let tokenizer = try CatalogTokenizer.build(catalog: catalog, prompts: promptsDirectory, merges: 64)
    let config = ModelConfig(vocabSize: tokenizer.vocabSize, dModel: 32, layers: 1, heads: 2, ffnHidden: 64,
                             contextLength: 32)
    let model = try TransformerModel(config: config, seed: options.seed, threads: 1)
    return try TrainingRun(catalog: catalog, split: LeaveOneOutSplit(catalog: catalog),
                           languageModel: try LanguageModel(model: model, tokenizer: tokenizer),
                           prompts: promptsDirectory, options: options, teacher: teacher)
}

func tinyOptions(epochs: Int, seed: UInt64 = 3, dropout: Float = 0) -> TrainingOptions {
    var options = TrainingOptions()
    options.epochs = epochs
    options.batchSize = 8
    options.learningRate = 1e-2
    options.seed = seed
    options.patience = epochs
    options.groundingShare = 0.5
    options.conversationsPerUser = 0
    options.dropout = dropout
    return options
}

@Suite(.serialized) struct TinyCatalogTrainingTests {
    @Test func trainingLearnsToBeatMostPopularInSeconds() throws {
        let catalog = tinyCatalog()
        let run = try tinyRun(catalog, epochs: 12)
        let outcome = try run.run(progress: { _ in }, interrupted: { false })
        let split = LeaveOneOutSplit(catalog: catalog)
        let evaluator = Evaluator(split: split, target: .validation)
        let popular = evaluator.evaluate(MostPopular(training: split.training, itemCount: split.itemCount))
        let lm = evaluator.evaluate(LanguageModelScorer(run.languageModel))
        let popularNDCG = popular.ndcg.reduce(0, +) / Double(popular.ndcg.count)
        let lmNDCG = lm.ndcg.reduce(0, +) / Double(lm.ndcg.count)
        #expect(lmNDCG > popularNDCG + 0.2, "LM validation NDCG@10 \(lmNDCG) vs MostPopular \(popularNDCG)")
        #expect(outcome.best != nil)
        #expect(outcome.seconds < 60)
    }

    @Test func theSameSeedGivesTheSameModelAndAResumedRunEqualsAnUninterruptedOne() throws {
        let catalog = tinyCatalog()
        let straight = try tinyRun(catalog, epochs: 3)
        _ = try straight.run(progress: { _ in }, interrupted: { false })
        let again = try tinyRun(catalog, epochs: 3)
        _ = try again.run(progress: { _ in }, interrupted: { false })
        #expect(straight.languageModel.members[0].parameters.array == again.languageModel.members[0].parameters.array)

        let state = FileManager.default.temporaryDirectory.appendingPathComponent("curio-resume-\(getpid()).state").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let first = try tinyRun(catalog, epochs: 3)
        var epochsSeen = 0
        let stopped = try first.run(statePath: state, progress: { event in
            if case .epoch = event { epochsSeen += 1 }
        }, interrupted: { epochsSeen >= 2 })
        #expect(stopped.stoppedBecause == "interrupted")
        let resumed = try tinyRun(catalog, epochs: 3)
        _ = try resumed.run(statePath: state, resume: true, progress: { _ in }, interrupted: { false })
        #expect(resumed.languageModel.members[0].parameters.array == straight.languageModel.members[0].parameters.array)
    }

    @Test func resumingFromAnotherRunIsRefused() throws {
        let catalog = tinyCatalog()
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("curio-refuse-\(getpid()).state").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        _ = try tinyRun(catalog, epochs: 1).run(statePath: state, progress: { _ in }, interrupted: { false })
        #expect(throws: TrainingError.self) {
            _ = try tinyRun(catalog, epochs: 1, seed: 99).run(statePath: state, resume: true,
                                                              progress: { _ in }, interrupted: { false })
        }
    }
}
