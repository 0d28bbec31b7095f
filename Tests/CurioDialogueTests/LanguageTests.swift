import Testing
@testable import CurioDialogue

@Suite struct LanguageTests {
    @Test func detectsChinese() {
        #expect(Language(detectingIn: "我想要一部爱情片") == .chinese)
        #expect(Language(detectingIn: "a funny 90s movie") == .english)
    }
}
