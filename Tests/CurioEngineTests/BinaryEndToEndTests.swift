import Foundation
import Testing
@testable import CurioEngine

let curioBinary = EngineFixture.root + "/.build/debug/curio"
let curioBinaryPresent = FileManager.default.isExecutableFile(atPath: curioBinary)

/// The real `curio` binary (built by `swift build`), fed lines on standard input, with
/// the fixture's random-weight model written to a temporary file.
@Suite(.enabled(if: EngineFixture.catalogPresent && curioBinaryPresent,
                "needs catalogs/movielens and .build/debug/curio (swift build --product curio)"))
struct BinaryEndToEndTests {
    static let binary = curioBinary

    static let modelPath: String? = {
        guard let lm = EngineFixture.engine?.languageModel else { return nil }
        let path = NSTemporaryDirectory() + "curio-engine-e2e-\(getpid()).safetensors"
        do { try ModelFile.save(lm, to: path) } catch { return nil }
        return path
    }()

    /// Runs curio with `arguments` and `input` on standard input; its standard output.
    func run(_ arguments: [String], input: String) throws -> (out: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CURIO_PROMPTS"] = EngineFixture.prompts
        // A saved profile would carry likes from one test (and the user's own) into the next.
        environment["XDG_DATA_HOME"] = NSTemporaryDirectory() + "curio-engine-e2e-data-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    @Test func serveAnswersEveryLineInOrderAndSurvivesBadOnes() throws {
        let model = try #require(Self.modelPath)
        let lines = [
            #"{"session": "a", "say": "a funny 90s movie"}"#,
            "not json",
            #"{"session": "a", "op": "dance"}"#,
            #"{"session": "b", "op": "recommend", "history": ["1"], "k": 3}"#,
            String(repeating: "x", count: 70_000),
            #"{"session": "a", "op": "state"}"#,
        ]
        let (out, status) = try run(["serve", "--stdio", "--catalog", EngineFixture.catalogPath, "--model", model],
                                    input: lines.joined(separator: "\n") + "\n")
        #expect(status == 0)
        let answers = out.split(separator: "\n").map(String.init)
        #expect(answers.count == lines.count)
        guard answers.count == lines.count else { return }
        #expect(answers[0].contains(#""reply":"Here are 10 Comedy movies from the 1990s:""#))
        #expect(answers[1].contains(#""code":"invalid_json""#))
        #expect(answers[2].contains(#""code":"unknown_op""#))
        #expect(answers[3].contains(#""session":"b""#))
        #expect(answers[4].contains(#""code":"too_long""#))
        #expect(answers[5].contains(#""include":["Comedy"]"#))
    }

    @Test func pipedTextRunsThePlainChat() throws {
        let model = try #require(Self.modelPath)
        let (out, status) = try run(["--catalog", EngineFixture.catalogPath, "--model", model],
                                    input: "a funny 90s movie\nwhy #1\n")
        #expect(status == 0)
        #expect(out.contains("Here are 10 Comedy movies from the 1990s:"))
        #expect(out.contains("Why "))
    }

    @Test func aMissingModelSaysHowToTrainOne() throws {
        let (out, status) = try run(["ask", "a comedy", "--catalog", EngineFixture.catalogPath, "--model", "/nonexistent/m.safetensors"],
                                    input: "")
        #expect(status == 1)
        #expect(out.isEmpty)
    }
    /// `curio eval` with a file that is no model says so at once, before building EASE and
    /// the other baselines (which took minutes before the error).
    @Test func evalRefusesABadModelBeforeBuildingBaselines() throws {
        let bad = NSTemporaryDirectory() + "curio-not-a-model-\(getpid()).safetensors"
        try Data("hello, world".utf8).write(to: URL(fileURLWithPath: bad))
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let clock = ContinuousClock.now
        let (out, status) = try run(["eval", "--catalog", EngineFixture.catalogPath, "--model", bad], input: "")
        #expect(status != 0 && out.isEmpty)
        #expect(ContinuousClock.now - clock < .seconds(60), "the baselines were built first")
    }

    /// A teacher trained on another vocabulary is refused before any training, and writes
    /// nothing; a co-watch weight given to anything but the simulator is refused too.
    @Test func mismatchedTeachersAndMisplacedWeightsAreRefused() throws {
        let teacher = try #require(Self.modelPath)  // the fixture's 64-merge tokenizer, not the catalog's
        let out = NSTemporaryDirectory() + "curio-teacher-refused-\(getpid()).safetensors"
        let (_, status) = try run(["train", "--catalog", EngineFixture.catalogPath, "--teacher", teacher, "--epochs", "1",
                                   "--out", out], input: "")
        #expect(status == 64)
        #expect(!FileManager.default.fileExists(atPath: out))
        for option in ["--co-watch-weight", "--history-weight"] {
            let (_, weight) = try run(["eval", "--catalog", EngineFixture.catalogPath, option, "1"], input: "")
            #expect(weight == 64, "\(option) without --conversations")
        }
    }
}
