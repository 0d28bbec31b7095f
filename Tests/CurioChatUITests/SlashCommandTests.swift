@testable import CurioChatUI
import Testing

@Suite struct SlashCommandTests {
    @Test(arguments: [
        ("/why 2", SlashCommand.backend(.why(item: 2))),
        ("/WHY #3", .backend(.why(item: 3))),
        ("  /details 3  ", .backend(.details(item: 3))),
        ("/like 1", .backend(.like(item: 1))),
        ("/seen 2", .backend(.seen(item: 2))),
        ("/more", .backend(.more)),
        ("/undo", .backend(.undo)),
        ("/reset", .backend(.reset)),
        ("/state", .backend(.state)),
        ("/profile", .backend(.profile)),
        ("/export -", .export(.standardOutput)),
        ("/export my chat.md", .export(.file("my chat.md"))),
        ("/help", .help),
        ("/quit", .quit),
        ("/exit", .quit),
    ])
    func parsesEveryCommand(line: String, expected: SlashCommand) {
        #expect(SlashCommand.parse(line) == .success(expected))
    }

    @Test func plainTextAndDoubleSlashAreNotCommands() {
        #expect(SlashCommand.parse("a funny 90s movie") == nil)
        #expect(SlashCommand.parse("//why not") == nil)
        #expect(ChatIntent.interpret("//why not", listCount: 0) == .message("/why not"))
        #expect(ChatIntent.interpret("   ", listCount: 0) == .nothing)
    }

    @Test(arguments: [
        ("/why", "/why needs an argument: /why N."),
        ("/why two", "/why needs an item number from the list (1, 2, …), not \"two\": /why N."),
        ("/why 0", "/why needs an item number from the list (1, 2, …), not \"0\": /why N."),
        ("/why 1 2", "/why does not take \"2\": /why N."),
        ("/more please", "/more does not take \"please\": /more."),
        ("/export", "/export needs an argument: /export FILE."),
        ("/wyh 2", "Unknown command /wyh. Did you mean /why? Type /help for the list."),
        ("/frobnicate", "Unknown command /frobnicate. Type /help for the list."),
    ])
    func badCommandsSayWhatIsWrong(line: String, message: String) {
        guard case .failure(let error) = SlashCommand.parse(line) else {
            Issue.record("\(line) parsed")
            return
        }
        #expect(error.description == message)
    }

    @Test func itemNumbersAreCheckedAgainstTheList() {
        #expect(ChatIntent.interpret("/why 6", listCount: 5)
                == .invalid(.noSuchItem(command: "/why", number: 6, listCount: 5)))
        #expect(ChatUIError.noSuchItem(command: "/why", number: 6, listCount: 5).description
                == "/why 6: the list has only 5 items.")
        #expect(ChatUIError.noSuchItem(command: "/like", number: 1, listCount: 0).description
                == "/like 1: there is no list yet. Ask for something first.")
        #expect(ChatIntent.interpret("/why 5", listCount: 5) == .command(.backend(.why(item: 5))))
    }

    @Test func helpListsEveryCommandAndKey() {
        let help = HelpText.text
        for name in SlashCommand.names { #expect(help.contains(name)) }
        for key in ["Ctrl-R", "PgUp", "Esc", "Ctrl-Z", "Tab"] { #expect(help.contains(key)) }
    }
}
