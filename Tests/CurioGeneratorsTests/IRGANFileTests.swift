import CurioCatalog
import CurioEvaluation
import CurioModel
import Foundation
import Testing
@testable import CurioGenerators

private func trainedGenerator() throws -> IRGANGenerator {
    let (split, ids) = IRGANFixture.clusteredSplit(users: 60)
    var options = IRGANOptions()
    options.dimension = 4
    options.mfEpochs = 1
    options.ganEpochs = 1
    options.passesPerEpoch = 1
    return try IRGANTraining(split: split, options: options).run(itemIDs: ids)
}

@Test func saveAndLoadRoundTripsWithinHalfPrecision() throws {
    let generator = try trainedGenerator()
    let directory = IRGANFixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/gan.safetensors"
    try generator.save(to: path, catalogName: "clusters")
    let loaded = try IRGANGenerator.load(path: path)
    #expect(loaded.itemIDs == generator.itemIDs)
    #expect(loaded.summary == generator.summary)
    #expect(loaded.generator.alpha == generator.generator.alpha)
    for (a, b) in [(loaded.generator, generator.generator), (loaded.initialisation, generator.initialisation)] {
        let pairs = zip(a.historyFactors + a.itemFactors + a.biases, b.historyFactors + b.itemFactors + b.biases)
        #expect(pairs.allSatisfy { abs($0 - $1) <= abs($1) / 1024 + 1e-6 }, "fp16 keeps 11 significant bits")
    }
    let file = try SafeTensorsFile(path: path)
    #expect(file.metadata[GeneratorKind.metadataKey] == "gan")
    #expect(file.tensors.allSatisfy { $0.dtype == .f16 })
}

@Test func aFileFromAnotherCatalogIsRefused() throws {
    let generator = try trainedGenerator()
    var other = generator.itemIDs
    other[3] = "999"
    #expect(throws: IRGANError.wrongCatalog(path: "gan.safetensors", reason: "item 3 is '4' in the file but '999' in the catalog")) {
        try generator.checkMatches(itemIDs: other, path: "gan.safetensors")
    }
    #expect(throws: IRGANError.wrongCatalog(path: "gan.safetensors", reason: "it has 90 items, the catalog 89")) {
        try generator.checkMatches(itemIDs: Array(other.dropLast()), path: "gan.safetensors")
    }
}

@Test func truncatedForeignAndMissingFilesGiveClearErrors() throws {
    let generator = try trainedGenerator()
    let directory = IRGANFixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/gan.safetensors"
    try generator.save(to: path)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    let truncated = directory + "/truncated.safetensors"
    try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: truncated))
    let error = #expect(throws: IRGANError.self) { try IRGANGenerator.load(path: truncated) }
    #expect("\(error!)".contains("truncated.safetensors: not a usable IRGAN generator file"), "\(error!)")

    // A VAE's (or any other family's) file names the flag that reads it.
    let vae = directory + "/vae.safetensors"
    var writer = SafeTensorsWriter(metadata: [GeneratorKind.metadataKey: "vae"])
    try writer.add("x", values: [1, 2], shape: [2])
    try writer.write(to: vae)
    #expect(throws: IRGANError.wrongGenerator(path: vae, found: "vae")) { try IRGANGenerator.load(path: vae) }
    let missing = #expect(throws: IRGANError.self) { try IRGANGenerator.load(path: directory + "/none.safetensors") }
    #expect("\(missing!)".contains("No such file"), "\(missing!)")
}

@Test func theShippedGeneratorLoadsAndScoresTheDefaultCatalog() throws {
    let directory = IRGANFixture.repositoryRoot + "/catalogs/movielens"
    let path = directory + "/" + GeneratorKind.gan.defaultFileName
    let catalog = try Catalog.load(from: directory)
    let generator = try IRGANGenerator.load(path: path)
    try generator.checkMatches(catalog, path: path)
    #expect(generator.summary.validationNDCG > 0.0194, "above MostPopular's NDCG@10 on validation")
    // A fan of two well-known films gets a list of other films, none of them the two.
    let liked = [catalog.items.first { $0.title.hasPrefix("Toy Story") }!.index,
                 catalog.items.first { $0.title.hasPrefix("Finding Nemo") }!.index]
    var scores = [Float](repeating: 0, count: catalog.items.count)
    generator.score(history: liked, into: &scores)
    #expect(scores.allSatisfy { $0.isFinite })
    for item in liked { scores[item] = -.infinity }
    let top = Ranking.topK(scores, k: 10)
    #expect(top.count == 10 && Set(top).isDisjoint(with: liked))
}
