// Crash-safe file replacement: readers see the old file or the new one, never a mix.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files atomically: a temporary file in the same directory is written, flushed to
/// disk and renamed over the destination.
///
/// A reader (or a process that crashes half way, or a full disk) therefore never sees a
/// partly written checkpoint: on any error the temporary file is removed and whatever was at
/// the destination before is untouched. An existing destination's permission bits are kept;
/// a new file gets 0644. The directory is flushed after the rename so the new name survives
/// a power loss too.
public enum AtomicFile {
    /// Receives the new file's contents in order.
    public struct Output {
        fileprivate let descriptor: Int32
        fileprivate let path: String

        /// Appends `bytes` to the file.
        public mutating func write(_ bytes: [UInt8]) throws(AtomicFileError) {
            let failedCode: Int32? = bytes.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let written = systemWrite(descriptor, raw.baseAddress! + done, raw.count - done)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    done += written
                }
                return nil
            }
            if let failedCode { throw AtomicFileError(path: path, step: "write", code: failedCode) }
        }
    }

    /// Replaces the file at `path` with what `produce` writes.
    ///
    /// If `produce` throws, its error is rethrown and the destination is untouched.
    public static func write(to path: String, _ produce: (inout Output) throws -> Void) throws {
        let directory = directory(of: path)
        let base = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        // Same directory, so the rename stays within one file system and is atomic.
        var template = Array("\(directory == "/" ? "" : directory)/.\(base).tmp-XXXXXX".utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw AtomicFileError(path: path, step: "create a temporary file", code: errno) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var committed = false
        var closed = false
        defer {
            if !closed { close(descriptor) }
            if !committed { unlink(temporary) }
        }

        var existing = stat()
        let mode: mode_t = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : 0o644
        guard fchmod(descriptor, mode) == 0 else { throw AtomicFileError(path: path, step: "set permissions", code: errno) }

        var output = Output(descriptor: descriptor, path: path)
        try produce(&output)
        guard fsync(descriptor) == 0 else { throw AtomicFileError(path: path, step: "flush to disk", code: errno) }
        closed = true
        guard close(descriptor) == 0 else { throw AtomicFileError(path: path, step: "close", code: errno) }
        guard rename(temporary, path) == 0 else { throw AtomicFileError(path: path, step: "rename into place", code: errno) }
        committed = true

        // Make the rename itself durable. Some file systems cannot fsync a directory; the
        // file is already complete and in place, so that is not an error.
        let directoryDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// The directory holding `path` ("." for a bare file name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Replaces the file at `path` with `bytes`.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { output in try output.write(bytes) }
    }
}

/// A system call failed while writing a file atomically.
public struct AtomicFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The destination path.
    public let path: String
    /// What was being done ("rename into place").
    public let step: String
    /// The `errno` value.
    public let code: Int32

    /// What failed and why, without the path: "cannot rename into place: Is a directory".
    public var reason: String { "cannot \(step): \(String(cString: strerror(code)))" }

    public var description: String { "\(path): \(reason)" }
}

/// write(2), named apart from `Output.write` which would otherwise shadow it.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
