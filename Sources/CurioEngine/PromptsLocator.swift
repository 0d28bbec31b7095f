import Foundation

/// Finds the `prompts/` folder: templates and lexicons are data, shipped beside the
/// code, not compiled into it.
///
/// Precedence: `CURIO_PROMPTS`, then `prompts/` next to the running program (walking
/// up from the executable's real path, so `.build/release/curio` finds the repository
/// it was built in), then the current directory or any of its parents.
public enum PromptsLocator {
    /// The prompts folder, or an error listing where it looked.
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let explicit = environment["CURIO_PROMPTS"], !explicit.isEmpty { return explicit }
        var searched: [String] = []
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        for start in [executable.map { ($0 as NSString).deletingLastPathComponent },
                      FileManager.default.currentDirectoryPath] {
            guard var directory = start, !directory.isEmpty else { continue }
            while true {
                let candidate = (directory as NSString).appendingPathComponent("prompts")
                if FileManager.default.fileExists(atPath: candidate + "/special_tokens.txt") { return candidate }
                searched.append(candidate)
                let parent = (directory as NSString).deletingLastPathComponent
                if parent == directory || parent.isEmpty { break }
                directory = parent
            }
        }
        throw EngineError.resource("cannot find curio's prompts/ folder (set CURIO_PROMPTS); looked in: "
                                   + searched.prefix(6).joined(separator: ", "))
    }
}
