// TEST FIXTURE, not part of curio: runs the real chat front end (CurioTerminal) over
// FixtureBackend, for the tmux tests in Tests/CurioTerminalTests.
import CurioTerminal
#if canImport(Glibc)
import Glibc
#endif

let arguments = Set(CommandLine.arguments.dropFirst())
let options = ChatOptions(forcePlain: arguments.contains("--plain"), mouse: arguments.contains("--mouse"),
                          resume: arguments.contains("--resume"))
exit(ChatApp.run(backend: FixtureBackend(), options: options))
