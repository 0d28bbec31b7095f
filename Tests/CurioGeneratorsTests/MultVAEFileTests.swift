import CurioModel
import Foundation
import Testing
@testable import CurioGenerators

@Suite struct MultVAEFileTests {
    let model: MultVAE
    let histories = [[0, 4, 9], [17, 3], [], [5, 6, 7, 8, 19]]

    init() throws {
        var model = try MultVAE(architecture: MultVAEArchitecture(itemCount: 20, hiddenSizes: [16], latentSize: 4),
                                itemIDs: MultVAEFixture.itemIDs(20), seed: 5)
        model.bestEpoch = 7
        model.validationNDCG = 0.1234
        self.model = model
    }

    func scores(_ model: MultVAE) -> [Float] {
        var scores = [Float](repeating: 0, count: histories.count * 20)
        model.score(histories: histories, itemCount: 20, into: &scores)
        return scores
    }

    @Test func roundTripGivesTheSameScores() throws {
        let path = MultVAEFixture.temporaryPath("f32.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path, dtype: .f32, notes: ["curio.catalog": "Fixture"])
        let loaded = try MultVAE.load(path: path, catalogItemIDs: MultVAEFixture.itemIDs(20))
        #expect(scores(loaded) == scores(model))
        #expect(loaded.architecture == model.architecture && loaded.itemIDs == model.itemIDs)
        #expect(loaded.bestEpoch == 7 && loaded.validationNDCG == 0.1234)
        #expect(try SafeTensorsFile(path: path).metadata[GeneratorKind.metadataKey] == "vae")
    }

    @Test func halfPrecisionFileScoresAlmostTheSameAndRanksTheSame() throws {
        let path = MultVAEFixture.temporaryPath("f16.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try MultVAE.load(path: path)
        let (original, half) = (scores(model), scores(loaded))
        #expect(zip(original, half).allSatisfy { abs($0 - $1) < 1e-2 })
        for user in histories.indices {
            let top = { (s: [Float]) in Array(s[(user * 20)..<((user + 1) * 20)].enumerated().sorted { $0.element > $1.element }.prefix(3).map(\.offset)) }
            #expect(top(original) == top(half), "user \(user)")
        }
    }

    @Test func aFileForAnotherCatalogIsRefused() throws {
        let path = MultVAEFixture.temporaryPath("other.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        var ids = MultVAEFixture.itemIDs(20)
        ids[3] = "tt0114709"
        #expect(throws: MultVAEError.catalogMismatch(
            path: path, reason: "item 4 is \"m3\" in the file, \"tt0114709\" in the catalog")) {
            try MultVAE.load(path: path, catalogItemIDs: ids)
        }
        do {
            _ = try MultVAE.load(path: path, catalogItemIDs: MultVAEFixture.itemIDs(21))
            Issue.record("a file of 20 items loaded for a catalog of 21")
        } catch {
            #expect("\(error)".contains("trained on another catalog (it has 20 items, the catalog has 21)"))
        }
    }

    @Test func aTruncatedFileGivesAClearError() throws {
        let path = MultVAEFixture.temporaryPath("truncated.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: path))
        do {
            _ = try MultVAE.load(path: path)
            Issue.record("a truncated file loaded")
        } catch {
            #expect("\(error)".contains(path) && "\(error)".contains("truncated"), "\(error)")
        }
    }

    @Test func anotherGeneratorsFileIsRefusedByName() throws {
        let path = MultVAEFixture.temporaryPath("gan.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer = SafeTensorsWriter(metadata: [GeneratorKind.metadataKey: "gan"])
        try writer.add("generator.weight", values: [Float](repeating: 0, count: 4), shape: [2, 2])
        try writer.write(to: path)
        #expect(throws: MultVAEError.invalidFile(
            path: path, reason: "it holds the \"gan\" generator, not the Mult-VAE (use --generator gan)")) {
            try MultVAE.load(path: path)
        }
    }
}
