#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether curio can open its full-screen chat: both standard input and standard
/// output must be terminals. Otherwise it chats line by line (`echo … | curio`).
public func standardStreamsAreTerminals() -> Bool {
    isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
}
