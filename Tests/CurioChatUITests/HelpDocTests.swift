import CurioChatUI
import Foundation
import Testing

@Suite struct HelpDocTests {
    /// docs/keys.md carries the same text as /help, so the two never drift apart.
    @Test func keysGuideMatchesTheHelpCommand() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let guide = try String(contentsOf: root.appendingPathComponent("docs/keys.md"), encoding: .utf8)
        #expect(guide.contains("```\n" + HelpText.text + "\n```"), "docs/keys.md is out of date; paste /help's text")
    }
}
