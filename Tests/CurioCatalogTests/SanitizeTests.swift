import Testing
@testable import CurioCatalog

@Suite struct SanitizeTests {
    @Test func escapeSequencesAreRemoved() {
        #expect("a\u{1B}[31mred\u{1B}[0m".sanitizedForTerminal == "ared")
        #expect("title\u{1B}]0;pwned\u{07}!".sanitizedForTerminal == "title!")
        #expect("x\u{9B}31my".sanitizedForTerminal == "x31my")
        #expect("tab\there".sanitizedForTerminal == "tab here")
        #expect("电影 🎬".sanitizedForTerminal == "电影 🎬")
    }
}
