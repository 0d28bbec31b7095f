import Foundation
import Testing

/// The real `curio` chat under tmux recommending with the shipped Mult-VAE
/// (`--generator vae`): the header names it, a request gets a numbered list and "why"
/// shows its causes. Skipped without tmux or without catalogs/movielens/vae.safetensors.
@Suite(.serialized, .enabled(if: TmuxDriver.isAvailable && FileManager.default.fileExists(
    atPath: ShippedModel.repository.appendingPathComponent("catalogs/movielens/vae.safetensors").path),
                             "needs tmux and catalogs/movielens/vae.safetensors"))
struct RealCurioGeneratorTmuxTests {
    @Test func theVAEChatNamesItselfAndShowsAList() throws {
        let t = try RealCurioTmuxTests.start("real-vae", arguments: "--generator vae --no-profile")
        defer { t.stop() }
        #expect(t.waitFor(seconds: 5) { $0.contains("Mult-VAE") }.ok, "the header does not name the generator")
        t.type("a comedy from the 90s, I loved Toy Story")
        t.press("Enter")
        let list = t.waitFor(seconds: 30) { $0.contains("│ 1. ") && $0.contains("\n10. ") && $0.contains("[Comedy]─[1990s]─[like: Toy Story]") }
        #expect(list.ok, "no list of ten:\n\(list.screen)")
        t.type("/why 1")
        t.press("Enter")
        let why = t.waitFor(seconds: 30) { $0.contains("Why ") && $0.contains("█") && $0.contains("Toy Story") }
        #expect(why.ok, "no explanation naming the liked movie:\n\(why.screen)")
    }
}
