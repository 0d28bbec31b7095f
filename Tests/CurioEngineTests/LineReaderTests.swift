#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import CurioEngine

@Suite struct LineReaderTests {
    func lines(_ input: [UInt8], cap: Int) -> [LineReader.Line] {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        // Write from another thread: the input may exceed the pipe buffer.
        let writeEnd = fds[1]
        let writer = Thread { _ = input.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }; close(writeEnd) }
        writer.start()
        var reader = LineReader(fileDescriptor: fds[0], maximumLength: cap)
        var out: [LineReader.Line] = []
        while let l = reader.next() { out.append(l) }
        close(fds[0])
        return out
    }

    @Test func splitsLinesAndKeepsALastUnterminatedOne() {
        #expect(lines(Array("a\r\nbc\n\nlast".utf8), cap: 100) == [.line([0x61]), .line([0x62, 0x63]), .line([]), .line(Array("last".utf8))])
    }

    @Test func anOverlongLineIsReportedAndSkippedThenReadingGoesOn() {
        let big = [UInt8](repeating: 0x78, count: 300_000)
        #expect(lines(big + [0x0A] + Array("ok\n".utf8), cap: 1000) == [.tooLong(length: 300_000), .line(Array("ok".utf8))])
    }
}

import Foundation
