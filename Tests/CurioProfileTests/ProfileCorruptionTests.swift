import Foundation
import Testing
@testable import CurioProfile
import CurioRandom

/// A damaged database is reported and moved aside with its bytes intact, never deleted.
struct ProfileCorruptionTests {
    /// Deterministic "random" bytes, so a failure reproduces.
    static func noise(count: Int, seed: UInt64) -> Data {
        var random = SeededGenerator(seed: seed)
        return Data((0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) })
    }

    func expectSetAside(_ path: String, original: Data) throws {
        let store = try ProfileStore(path: path)
        let aside = try #require(store.setAsidePath, "a damaged database was opened without being set aside")
        #expect(aside.hasPrefix(path + ".corrupt-"))
        #expect(FileManager.default.contents(atPath: aside) == original, "the set-aside file lost the old bytes")
        // The fresh database works.
        try store.update(named: "p", from: TasteProfile(), to: TasteProfile(liked: ["1"]))
        #expect(try ProfileStore(path: path).profile(named: "p") == TasteProfile(liked: ["1"]))
    }

    @Test func randomBytesAreSetAsideAndReplaced() throws {
        let path = try temporaryDirectory("noise") + "/profile.db"
        let bytes = Self.noise(count: 8192, seed: 42)
        try bytes.write(to: URL(fileURLWithPath: path))
        try expectSetAside(path, original: bytes)
    }

    @Test func aTruncatedRealDatabaseIsSetAside() throws {
        let dir = try temporaryDirectory("truncated")
        let path = dir + "/profile.db"
        do {
            let store = try ProfileStore(path: path)
            let many = TasteProfile(liked: (0..<2000).map { "item-\($0)-" + String(repeating: "x", count: 40) })
            try store.update(named: "p", from: TasteProfile(), to: many)
            _ = try store.profile(named: "p")
        }
        // Fold the WAL into the main file so truncating it really loses pages.
        do {
            let connection = try SQLiteConnection(path: path)
            try connection.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE")
        }
        let full = try #require(FileManager.default.contents(atPath: path))
        #expect(full.count > 50_000)
        // Keep the header page, damage the rest: the schema still parses, the pages don't.
        var damaged = full.prefix(full.count / 2)
        damaged.replaceSubrange(8192..<12288, with: Self.noise(count: 4096, seed: 7))
        try damaged.write(to: URL(fileURLWithPath: path))
        try expectSetAside(path, original: damaged)
    }

    @Test func anEmptyFileIsAValidNewDatabase() throws {
        let path = try temporaryDirectory("empty") + "/profile.db"
        FileManager.default.createFile(atPath: path, contents: Data())
        let store = try ProfileStore(path: path)
        #expect(store.setAsidePath == nil)
    }
}
