import CurioCatalog
import CurioGenerators
import CurioModel
import Foundation
import Testing
@testable import CurioEngine

/// `--generator lm|vae|gan` file handling: a missing file says how to train that family,
/// a file of another family is refused before any weight is read, and the language
/// model path loads exactly as before.
@Suite(.enabled(if: EngineFixture.catalogPresent, "catalogs/movielens has not been imported"))
struct GeneratorLoadingTests {
    let catalog: Catalog
    init() throws { catalog = try #require(EngineFixture.catalog) }

    func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "curio-generator-loading-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(name)"
    }

    /// A tiny safetensors file whose metadata declares `family` (or nothing).
    func fileDeclaring(_ family: String?, extra: [String: String] = [:]) throws -> String {
        var writer = SafeTensorsWriter(metadata: extra)
        if let family { writer.metadata[GeneratorKind.metadataKey] = family }
        try writer.add("weights", values: [Float](repeating: 0.5, count: 4), shape: [2, 2])
        let path = temporaryPath("\(family ?? "none").safetensors")
        try writer.write(to: path)
        return path
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    @Test func eachFamilyHasItsOwnDefaultFile() {
        #expect(GeneratorLoading.defaultPath(.lm, catalogDirectory: "/c") == "/c/model.safetensors")
        #expect(GeneratorLoading.defaultPath(.vae, catalogDirectory: "/c") == "/c/vae.safetensors")
        #expect(GeneratorLoading.defaultPath(.gan, catalogDirectory: "/c/") == "/c/gan.safetensors")
    }

    @Test(arguments: [GeneratorKind.vae, .gan])
    func aMissingFileSaysHowToTrainThatFamily(kind: GeneratorKind) {
        let path = temporaryPath("absent.safetensors")
        let text = message { _ = try GeneratorLoading.load(kind, path: path, catalog: catalog) }
        #expect(text.contains("curio train --generator \(kind.rawValue)"))
        #expect(text.contains(path))
    }

    @Test func aMissingLanguageModelStillSaysTrainOut() {
        let path = temporaryPath("absent.safetensors")
        let text = message { _ = try GeneratorLoading.load(.lm, path: path, catalog: catalog) }
        #expect(text == "\(EngineError.missingModel(path))")
    }

    /// A Mult-VAE file given to `--generator gan` (and the like) is refused, naming the
    /// family it holds and the `--generator` that reads it.
    @Test func aFileOfAnotherFamilyIsRefused() throws {
        let vae = try fileDeclaring("vae")
        let asGAN = message { try GeneratorLoading.checkFamily(.gan, path: vae) }
        #expect(asGAN.contains("--generator gan (IRGAN) cannot read") && asGAN.contains("use --generator vae"))
        let asLM = message { _ = try GeneratorLoading.load(.lm, path: vae, catalog: catalog) }
        #expect(asLM.contains("use --generator vae"))
        #expect(message { try GeneratorLoading.checkFamily(.vae, path: vae) }.isEmpty)
        let odd = try fileDeclaring("rbm")
        #expect(message { try GeneratorLoading.checkFamily(.vae, path: odd) }.contains("no generator curio knows"))
        let undeclared = try fileDeclaring(nil)
        #expect(message { try GeneratorLoading.checkFamily(.vae, path: undeclared) }.contains("a file without curio.generator metadata"))
        // A file of no family at all is still read as a language model (files predating the other families).
        #expect(message { try GeneratorLoading.checkFamily(.lm, path: undeclared) }.isEmpty)
    }

    /// The language model's own file, given to `--generator vae`, points back at `--generator lm`.
    @Test func aLanguageModelFileGivenToTheVAEIsRefused() throws {
        let lm = try #require(EngineFixture.engine?.languageModel)
        let path = temporaryPath("lm.safetensors")
        try ModelFile.save(lm, to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = message { _ = try GeneratorLoading.load(.vae, path: path, catalog: catalog) }
        #expect(text.contains("a curio language model file: use --generator lm"))
        let loaded = try GeneratorLoading.load(.lm, path: path, catalog: catalog)
        #expect(loaded.kind == .lm)
        #expect(loaded.displayName.hasPrefix("curio ("))
    }

    /// A scorer engine is never built with the language model's label.
    @Test func aScorerCannotClaimToBeTheLanguageModel() throws {
        let small = try #require(ScorerEngineFixture.catalog)
        let scorer = try #require(ScorerEngineFixture.scorer)
        let understanding = try #require(EngineFixture.understanding)
        #expect(throws: EngineError.self) {
            _ = try Engine(catalog: small, generator: .scorer(.lm, scorer), understanding: understanding,
                           prompts: EngineFixture.prompts)
        }
    }
}
