import CurioCatalog
import CurioDialogue
import CurioEvaluation
import CurioGenerators
import Foundation
import Testing
@testable import CurioEngine

/// The real Mult-VAE and IRGAN files (seeded, untrained weights: what is tested is the
/// plumbing, not their quality) written to disk, read back by `GeneratorLoading` for the
/// small catalog, and driving whole chat turns: a list of allowed items, "why", the header.
@Suite(.enabled(if: EngineFixture.catalogPresent, "catalogs/movielens has not been imported"))
struct GeneratorFamilyTests {
    let catalog: Catalog
    let understanding: Understanding
    init() throws {
        catalog = try #require(ScorerEngineFixture.catalog)
        understanding = try Understanding.load(lexiconDirectory: EngineFixture.prompts + "/lexicon",
                                               titles: TitleSearch(catalog: catalog))
    }

    func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "curio-generator-family-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(name)"
    }

    /// A seeded Mult-VAE file for `catalog`.
    func vaeFile() throws -> String {
        let ids = catalog.items.map(\.id)
        let vae = try MultVAE(architecture: MultVAEArchitecture(itemCount: ids.count, hiddenSizes: [32], latentSize: 8),
                              itemIDs: ids, seed: 11)
        let path = temporaryPath("vae.safetensors")
        try vae.save(to: path)
        return path
    }

    /// A seeded IRGAN file for `catalog`.
    func ganFile() throws -> String {
        let ids = catalog.items.map(\.id)
        let model = FactorModel(itemCount: ids.count, dimension: 8, seed: 12)
        let gan = IRGANGenerator(generator: model, initialisation: model, itemIDs: ids,
                                 summary: IRGANSummary(bestEpoch: 0, validationNDCG: 0, mfBestEpoch: 0, mfValidationNDCG: 0,
                                                       options: IRGANOptions(), trainingSeconds: 0))
        let path = temporaryPath("gan.safetensors")
        try gan.save(to: path)
        return path
    }

    func engine(_ kind: GeneratorKind, path: String) throws -> Engine {
        let generator = try GeneratorLoading.load(kind, path: path, catalog: catalog)
        return try Engine(catalog: catalog, generator: generator, understanding: understanding, prompts: EngineFixture.prompts)
    }

    @Test(arguments: [GeneratorKind.vae, .gan])
    func aFamilyFileDrivesAChatTurnAndWhy(kind: GeneratorKind) throws {
        let path = try kind == .vae ? vaeFile() : ganFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try engine(kind, path: path)
        #expect(engine.generatorKind == kind)
        #expect(engine.generator.displayName == (kind == .vae ? "Mult-VAE" : "IRGAN"))
        var conversation = Conversation()
        let reply = try engine.respond(to: "a comedy from the 90s, I loved Toy Story", in: &conversation)
        let items = try #require(reply.items).map(\.item)
        #expect(items.count == 10)
        let toyStory = try #require(catalog.indexByID["1"])
        #expect(!items.contains(toyStory))
        let mask = ConstraintMask(catalog: catalog, state: conversation.state, genres: engine.genreIndex)
        #expect(items.allSatisfy { mask.allowed[$0] })
        // The list is the family's masked top-k for the liked item.
        let scorer: any ItemScorer = kind == .vae ? try MultVAE.load(path: path) as any ItemScorer : try IRGANGenerator.load(path: path)
        #expect(items == ScorerEngineFixture.maskedTopK(scorer, liked: [toyStory], allowed: mask.allowed, count: 10))
        let why = try engine.respond(to: "why #1", in: &conversation)
        let liked = try #require(why.explanation).causes.first { $0.label == "you liked Toy Story" }
        #expect(liked != nil)
    }

    /// A file trained on another catalog is refused before it can score the wrong items.
    @Test(arguments: [GeneratorKind.vae, .gan])
    func aFileOfAnotherCatalogIsRefused(kind: GeneratorKind) throws {
        let path = try kind == .vae ? vaeFile() : ganFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let full = try #require(EngineFixture.catalog)
        #expect(throws: (any Error).self) { _ = try GeneratorLoading.load(kind, path: path, catalog: full) }
        do { _ = try GeneratorLoading.load(kind, path: path, catalog: full) } catch {
            #expect("\(error)".contains("1500 items"), "\(error)")
        }
    }
}
