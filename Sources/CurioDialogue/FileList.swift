import Foundation

/// The two file-system calls the dialogue layer makes (reading its data files).
enum FileList {
    static func names(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
    }

    static func read(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DialogueError.unreadable(path: path, reason: "not readable as UTF-8 text")
        }
    }
}
