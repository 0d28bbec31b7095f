#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads newline-terminated lines from a file descriptor as bytes, with a length cap,
/// so a hostile or broken client cannot make the server hold an unbounded line.
public struct LineReader {
    /// One line read.
    public enum Line: Equatable {
        /// The bytes of a line without its `\n` (and without a trailing `\r`).
        case line([UInt8])
        /// A line longer than the cap; its bytes were skipped up to the next newline.
        case tooLong(length: Int)
    }

    private let fd: Int32
    private let maximumLength: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    /// - Parameter maximumLength: lines longer than this (in bytes) become `.tooLong`.
    public init(fileDescriptor: Int32 = STDIN_FILENO, maximumLength: Int = 1 << 20) {
        self.fd = fileDescriptor
        self.maximumLength = maximumLength
    }

    /// The next line, or nil at end of input. A last line without a newline counts.
    public mutating func next() -> Line? {
        var skipped = 0 // bytes of an overlong line dropped so far
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                var line = Array(buffer[start..<nl])
                start = nl + 1
                compact()
                if skipped > 0 || line.count > maximumLength { return .tooLong(length: skipped + line.count) }
                if line.last == 0x0D { line.removeLast() }
                return .line(line)
            }
            // No newline yet: drop the bytes of a line already known to be too long.
            if buffer.count - start > maximumLength {
                skipped += buffer.count - start
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            if atEnd {
                guard start < buffer.count || skipped > 0 else { return nil }
                let line = Array(buffer[start...])
                buffer.removeAll()
                start = 0
                if skipped > 0 || line.count > maximumLength { return .tooLong(length: skipped + line.count) }
                return .line(line)
            }
            fill()
        }
    }

    private mutating func compact() {
        if start > 65_536 && start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
    }

    private mutating func fill() {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return
            }
            if n < 0 && errno == EINTR { continue }
            atEnd = true // end of input, or an error reading it: either way no more lines
            return
        }
    }
}
