import Foundation
import Testing
@testable import CurioEngine

/// `--generator` through the real `curio` binary: wrong and missing files are refused
/// with a message saying what to do, and `serve --stdio` says which generator answers.
/// With the shipped Mult-VAE (catalogs/movielens/vae.safetensors), `ask` and `serve`
/// recommend real items with it.
@Suite(.enabled(if: EngineFixture.catalogPresent && curioBinaryPresent,
                "needs catalogs/movielens and .build/debug/curio (swift build --product curio)"))
struct GeneratorBinaryTests {
    static let shippedVAE = EngineFixture.catalogPath + "/vae.safetensors"
    static let shippedVAEPresent = FileManager.default.fileExists(atPath: shippedVAE)
    static let shippedGANPresent = FileManager.default.fileExists(atPath: EngineFixture.catalogPath + "/gan.safetensors")

    /// Runs curio with `arguments` and `input`; its standard output, standard error and status.
    func run(_ arguments: [String], input: String = "") throws -> (out: String, err: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: curioBinary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CURIO_PROMPTS"] = EngineFixture.prompts
        environment["XDG_DATA_HOME"] = NSTemporaryDirectory() + "curio-generator-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), process.terminationStatus)
    }

    @Test func aMissingGeneratorFileSaysHowToTrainIt() throws {
        let path = NSTemporaryDirectory() + "curio-absent-\(getpid())/gan.safetensors"
        let r = try run(["ask", "a comedy", "--catalog", EngineFixture.catalogPath, "--generator", "gan", "--model", path])
        #expect(r.status == 1)
        #expect(r.out.isEmpty)
        #expect(r.err.contains("curio train --generator gan"), "\(r.err)")
    }

    @Test func aLanguageModelFileIsRefusedByTheVAE() throws {
        let model = try #require(BinaryEndToEndTests.modelPath)
        let r = try run(["ask", "a comedy", "--catalog", EngineFixture.catalogPath, "--generator", "vae", "--model", model])
        #expect(r.status == 1)
        #expect(r.err.contains("use --generator lm"), "\(r.err)")
    }

    @Test func anUnknownGeneratorIsAUsageError() throws {
        let r = try run(["ask", "a comedy", "--generator", "rbm"])
        #expect(r.status == 64)
        #expect(r.err.contains("unknown generator \"rbm\": use lm, vae or gan"), "\(r.err)")
    }

    /// `curio train --generator vae --epochs 3` would otherwise train for the VAE's own
    /// default epochs and say nothing: the language model's options are refused by name.
    @Test func languageModelOptionsAreRefusedWhenTrainingAnotherGenerator() throws {
        let r = try run(["train", "--catalog", EngineFixture.catalogPath, "--generator", "vae", "--epochs", "3", "--layers", "3",
                         "--out", NSTemporaryDirectory() + "curio-never-written-\(getpid()).safetensors"])
        #expect(r.status == 64)
        #expect(r.err.contains("--epochs, --layers: language-model options, not used by --generator vae"), "\(r.err)")
        let gan = try run(["train", "--catalog", EngineFixture.catalogPath, "--generator", "gan", "--learning-rate", "0.01"])
        #expect(gan.status == 64)
        #expect(gan.err.contains("use its --gan-… options"), "\(gan.err)")
    }

    @Test func serveInfoNamesTheLanguageModelByDefault() throws {
        let model = try #require(BinaryEndToEndTests.modelPath)
        let r = try run(["serve", "--stdio", "--catalog", EngineFixture.catalogPath, "--model", model],
                        input: #"{"session": "a", "op": "info"}"# + "\n")
        #expect(r.status == 0)
        #expect(r.out.contains(#""generator":"lm""#), "\(r.out)")
        #expect(r.out.contains(#""generator_name":"curio ("#), "\(r.out)")
    }

    /// The shipped Mult-VAE behind `ask`: ten real catalog items for a request naming a
    /// liked movie, none of them the liked one.
    @Test(.enabled(if: shippedVAEPresent, "catalogs/movielens/vae.safetensors is not shipped yet"))
    func askWithTheShippedVAEListsRealItems() throws {
        let r = try run(["ask", "something like Toy Story", "--catalog", EngineFixture.catalogPath, "--generator", "vae",
                         "--no-profile"])
        #expect(r.status == 0, "\(r.err)")
        let numbered = r.out.split(separator: "\n").filter { $0.range(of: #"^ ?\d+\. "#, options: .regularExpression) != nil }
        #expect(numbered.count == 10, "\(r.out)")
        #expect(!numbered.contains { $0.contains("Toy Story (1995)") }, "\(r.out)")
    }

    /// The shipped IRGAN behind `ask`: a list of ten real comedies, never the liked movie.
    @Test(.enabled(if: shippedGANPresent, "catalogs/movielens/gan.safetensors is not shipped yet"))
    func askWithTheShippedGANListsRealItems() throws {
        let r = try run(["ask", "a comedy, I loved Toy Story", "--catalog", EngineFixture.catalogPath, "--generator", "gan",
                         "--no-profile"])
        #expect(r.status == 0, "\(r.err)")
        let numbered = r.out.split(separator: "\n").filter { $0.range(of: #"^ ?\d+\. "#, options: .regularExpression) != nil }
        #expect(numbered.count == 10, "\(r.out)")
        #expect(r.out.hasPrefix("Here are 10 Comedy movies"), "\(r.out)")
        #expect(!numbered.contains { $0.contains("Toy Story (1995)") }, "\(r.out)")
    }

    /// The shipped Mult-VAE behind `serve --stdio`: `info` names it, a turn returns catalog
    /// items, and "why" names the liked item.
    @Test(.enabled(if: shippedVAEPresent, "catalogs/movielens/vae.safetensors is not shipped yet"))
    func serveWithTheShippedVAE() throws {
        let lines = [
            #"{"session": "a", "op": "info"}"#,
            #"{"session": "a", "say": "a comedy, I loved Toy Story"}"#,
            #"{"session": "a", "say": "why #1"}"#,
        ]
        let r = try run(["serve", "--stdio", "--catalog", EngineFixture.catalogPath, "--generator", "vae", "--no-profile"],
                        input: lines.joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.err)")
        let answers = r.out.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(answers.count == 3)
        guard answers.count == 3 else { return }
        let info = answers[0]?["info"] as? [String: Any]
        #expect(info?["generator"] as? String == "vae")
        #expect(info?["generator_name"] as? String == "Mult-VAE")
        let items = answers[1]?["items"] as? [[String: Any]] ?? []
        let catalog = try #require(EngineFixture.catalog)
        #expect(items.count == 10)
        #expect(items.allSatisfy { ($0["id"] as? String).flatMap { catalog.indexByID[$0] } != nil })
        #expect(!items.contains { $0["id"] as? String == "1" })
        let causes = answers[2]?["causes"] as? [[String: Any]] ?? []
        #expect(causes.contains { ($0["cause"] as? String) == "you liked Toy Story" && ($0["weight"] as? Double ?? 0) > 0 },
                "\(r.out)")
    }
}
