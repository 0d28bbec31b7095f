import Foundation
import Testing
@testable import CurioProfile

/// A fresh folder per test, so tests never share a database.
func temporaryDirectory(_ label: String) throws -> String {
    let path = NSTemporaryDirectory() + "curio-profile-\(label)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

struct ProfileStoreTests {
    @Test func savedProfileReadsBackInOrderAfterReopening() throws {
        let dir = try temporaryDirectory("roundtrip")
        let path = dir + "/nested/profile.db"
        let saved = TasteProfile(liked: ["2571", "1"], disliked: ["3"], seen: ["2571", "50"])
        do {
            let store = try ProfileStore(path: path)
            #expect(store.setAsidePath == nil)
            try store.update(named: "ana", from: TasteProfile(), to: saved)
        }
        let reopened = try ProfileStore(path: path)
        #expect(try reopened.profile(named: "ana") == saved)
        #expect(try reopened.profile(named: "default") == TasteProfile())
        #expect(try reopened.profileNames() == ["ana"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the profile database is readable by others")
    }

    @Test func updateWritesOnlyTheDifferenceSoTwoWritersKeepBothAdditions() throws {
        let path = try temporaryDirectory("two-stores") + "/profile.db"
        let first = try ProfileStore(path: path), second = try ProfileStore(path: path)
        let base = TasteProfile(liked: ["1"])
        try first.update(named: "p", from: TasteProfile(), to: base)
        #expect(try second.profile(named: "p") == base)
        // Both started from `base`; each adds its own item.
        try first.update(named: "p", from: base, to: TasteProfile(liked: ["1", "2"]))
        try second.update(named: "p", from: base, to: TasteProfile(liked: ["1"], seen: ["9"]))
        #expect(try first.profile(named: "p") == TasteProfile(liked: ["1", "2"], seen: ["9"]))
        // Removing (an undo) removes only that entry.
        try second.update(named: "p", from: TasteProfile(liked: ["1", "2"], seen: ["9"]), to: TasteProfile(liked: ["2"], seen: ["9"]))
        #expect(try first.profile(named: "p") == TasteProfile(liked: ["2"], seen: ["9"]))
    }

    @Test func likingADislikedItemReplacesTheDislike() throws {
        let store = try ProfileStore(path: try temporaryDirectory("flip") + "/profile.db")
        try store.update(named: "p", from: TasteProfile(), to: TasteProfile(disliked: ["7"]))
        // A second process that never saw the dislike now records a like.
        try store.update(named: "p", from: TasteProfile(), to: TasteProfile(liked: ["7"]))
        #expect(try store.profile(named: "p") == TasteProfile(liked: ["7"]))
    }

    @Test func forgetAndClearRemoveAndReportWhatWent() throws {
        let store = try ProfileStore(path: try temporaryDirectory("forget") + "/profile.db")
        try store.update(named: "p", from: TasteProfile(), to: TasteProfile(liked: ["1", "2"], seen: ["1"]))
        try store.update(named: "q", from: TasteProfile(), to: TasteProfile(liked: ["1"]))
        #expect(try store.forget("1", inProfile: "p") == [.liked, .seen])
        #expect(try store.forget("1", inProfile: "p") == [])
        #expect(try store.profile(named: "p") == TasteProfile(liked: ["2"]))
        #expect(try store.profile(named: "q") == TasteProfile(liked: ["1"]), "forget touched another profile")
        #expect(try store.clear(profile: "p") == TasteProfile(liked: ["2"]))
        #expect(try store.profile(named: "p").isEmpty)
        #expect(try store.profileNames() == ["q"])
    }

    @Test func badProfileNamesAreRejectedByName() throws {
        let store = try ProfileStore(path: try temporaryDirectory("names") + "/profile.db")
        #expect(throws: ProfileError.invalidProfileName("")) { try store.profile(named: "") }
        #expect(throws: ProfileError.invalidProfileName("a\u{1b}[2J")) { try store.profile(named: "a\u{1b}[2J") }
    }

    @Test func defaultPathFollowsXDGDataHome() {
        #expect(ProfileStore.defaultPath(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/h"]) == "/x/data/curio/profile.db")
        #expect(ProfileStore.defaultPath(environment: ["XDG_DATA_HOME": "rel", "HOME": "/h"]) == "/h/.local/share/curio/profile.db")
        #expect(ProfileStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/curio/profile.db")
    }
}
