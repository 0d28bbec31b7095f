import Foundation
import Testing
@testable import CurioProfile

/// The real `curio` binary, with XDG_DATA_HOME pointed at a temporary folder: a profile
/// written by one process is read by another.
/// The repository root (catalogs/, prompts/).
let profileRepoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
let profileCatalog = profileRepoRoot + "/catalogs/movielens"

/// The `curio` binary built beside this test bundle.
let profileCurioBinary: String = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("curio").path),
          dir.path != "/" { dir.deleteLastPathComponent() }
    return dir.appendingPathComponent("curio").path
}()

let profileBinaryReady = FileManager.default.isExecutableFile(atPath: profileCurioBinary)
    && FileManager.default.fileExists(atPath: profileCatalog + "/model.safetensors")

@Suite(.enabled(if: profileBinaryReady, "needs .build/debug/curio and catalogs/movielens/model.safetensors"))
struct ProfileBinaryTests {
    /// Runs curio with `arguments` and the data home `dataHome`; its output and status.
    func run(_ arguments: [String], dataHome: String) throws -> (out: String, err: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: profileCurioBinary)
        process.arguments = arguments + ["--catalog", profileCatalog]
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_DATA_HOME"] = dataHome
        environment["CURIO_PROMPTS"] = profileRepoRoot + "/prompts"
        process.environment = environment
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), process.terminationStatus)
    }

    @Test func askRemembersALikeThatProfileShowThenLists() throws {
        let home = try temporaryDirectory("e2e")
        let asked = try run(["ask", "I loved the matrix", "--profile", "T"], dataHome: home)
        #expect(asked.status == 0, "\(asked.err)")
        let shown = try run(["profile", "show", "--profile", "T"], dataHome: home)
        #expect(shown.status == 0)
        #expect(shown.out.contains("liked (1):") && shown.out.contains("The Matrix (1999) [2571]"), "\(shown.out)")
        // Another profile is untouched, and --no-profile writes nothing.
        #expect(try run(["profile", "show"], dataHome: home).out.contains("Profile \"default\" is empty."))
        _ = try run(["ask", "I loved heat", "--no-profile"], dataHome: home)
        #expect(try run(["profile", "show", "--profile", "T", "--json"], dataHome: home).out
            == #"{"disliked":[],"liked":[{"id":"2571","title":"The Matrix","year":1999}],"profile":"T","seen":[]}"# + "\n")
    }

    @Test func twoProcessesWritingTheSameProfileAtOnceKeepBothWrites() throws {
        let home = try temporaryDirectory("concurrent")
        // Create the database first so both children open an existing WAL file.
        _ = try ProfileStore(path: home + "/curio/profile.db")
        let results = ["I loved the matrix", "I have seen toy story"].map { text in
            (text: text, process: { () -> Process in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: profileCurioBinary)
                process.arguments = ["ask", text, "--profile", "both", "--catalog", profileCatalog]
                var environment = ProcessInfo.processInfo.environment
                environment["XDG_DATA_HOME"] = home
                environment["CURIO_PROMPTS"] = profileRepoRoot + "/prompts"
                process.environment = environment
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                return process
            }())
        }
        for r in results { try r.process.run() }
        for r in results { r.process.waitUntilExit(); #expect(r.process.terminationStatus == 0, "\(r.text)") }
        let profile = try ProfileStore(path: home + "/curio/profile.db").profile(named: "both")
        #expect(profile.liked == ["2571"] && profile.seen == ["1"], "\(profile)")
    }

    @Test func aProfileWrittenInProcessIsSeenByTheBinaryAndItsEditsSeenBack() throws {
        let home = try temporaryDirectory("cross")
        let store = try ProfileStore(path: home + "/curio/profile.db")
        try store.update(named: "ana", from: TasteProfile(), to: TasteProfile(liked: ["2571"], seen: ["1", "no-such-id"]))
        let shown = try run(["profile", "show", "--profile", "ana"], dataHome: home)
        #expect(shown.out.contains("The Matrix (1999) [2571]") && shown.out.contains("Toy Story (1995) [1]"), "\(shown.out)")
        #expect(shown.out.contains("no-such-id (not in this catalog)"))
        let forgot = try run(["profile", "forget", "Toy Story", "--profile", "ana"], dataHome: home)
        #expect(forgot.out.contains("Forgot Toy Story (1995) [1] (was seen)."), "\(forgot.out)\(forgot.err)")
        #expect(try store.profile(named: "ana") == TasteProfile(liked: ["2571"], seen: ["no-such-id"]))
        let missing = try run(["profile", "forget", "Heat", "--profile", "ana"], dataHome: home)
        #expect(missing.status == 1 && missing.err.contains("\"Heat\" is not in profile \"ana\""))
        let cleared = try run(["profile", "clear", "--profile", "ana"], dataHome: home)
        #expect(cleared.out.contains("liked: The Matrix (1999) [2571]") && cleared.out.contains("seen: no-such-id"))
        #expect(try store.profile(named: "ana").isEmpty)
    }

    @Test func aDamagedDatabaseIsReportedByTheBinaryAndSetAside() throws {
        let home = try temporaryDirectory("damaged")
        try FileManager.default.createDirectory(atPath: home + "/curio", withIntermediateDirectories: true)
        let bytes = ProfileCorruptionTests.noise(count: 4096, seed: 3)
        try bytes.write(to: URL(fileURLWithPath: home + "/curio/profile.db"))
        let shown = try run(["profile", "show"], dataHome: home)
        #expect(shown.status == 0)
        #expect(shown.err.contains("was damaged; moved it to"), "\(shown.err)")
        let aside = try FileManager.default.contentsOfDirectory(atPath: home + "/curio").filter { $0.hasPrefix("profile.db.corrupt-") }
        #expect(aside.count == 1)
        #expect(FileManager.default.contents(atPath: home + "/curio/" + (aside.first ?? "")) == bytes)
    }
}
