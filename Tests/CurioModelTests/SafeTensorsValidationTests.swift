import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import CurioModel

/// Hand-made broken files: each one is refused with its own specific, readable error.
@Suite struct SafeTensorsValidationTests {
    static let name = "bad.safetensors"

    /// A file whose header is `header` (length field computed unless given) followed by `data`.
    static func bytes(_ header: String, data: [UInt8] = [], length: UInt64? = nil) -> [UInt8] {
        let json = Array(header.utf8)
        let field = length ?? UInt64(json.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: field >> (8 * $0)) } + json + data
    }

    /// The error opening `bytes` throws (nil, with a recorded issue, when it opens).
    static func error(_ bytes: [UInt8]) -> SafeTensorsError? {
        #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(bytes: bytes, name: name) }
    }

    static func entry(_ dtype: String = "F32", shape: String = "[2]", offsets: String = "[0, 8]") -> String {
        "{\"dtype\": \"\(dtype)\", \"shape\": \(shape), \"data_offsets\": \(offsets)}"
    }

    @Test func tooShortFiles() {
        #expect(Self.error([]) == .fileTooSmall(file: Self.name, size: 0))
        #expect(Self.error([8, 0, 0]) == .fileTooSmall(file: Self.name, size: 3))
    }

    @Test func emptyFileOnDisk() throws {
        let directory = SafeTensorsScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.write([], to: "empty.safetensors")
        #expect(throws: SafeTensorsError.fileTooSmall(file: path, size: 0)) { try SafeTensorsFile(path: path) }
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(path: directory.path) }
        #expect(error == .cannotOpen(file: directory.path, reason: "not a regular file"))
    }

    @Test func headerLengthOutOfBounds() {
        #expect(Self.error(Self.bytes("{}", length: 100)) == .headerBeyondFile(file: Self.name, length: 100, available: 2))
        #expect(Self.error(Self.bytes("{}", length: 1 << 63))
                == .headerTooLarge(file: Self.name, length: 1 << 63, limit: 100_000_000))
        #expect(Self.error(Self.bytes("{}", length: .max))
                == .headerTooLarge(file: Self.name, length: .max, limit: 100_000_000))
    }

    @Test func headerThatIsNotJSON() {
        let cases: [(String, Int, String)] = [
            ("{\"a\": ", 6, "expected a value, found end of header"),
            ("{\"a\" 1}", 5, "expected ':' after a key, found character '1'"),
            ("{\"a\": 1,}", 8, "expected a string key, found character '}'"),
            ("{'a': 1}", 1, "expected a string key, found character '''"),
            ("{\"a", 3, "unterminated string"),
            ("{} x", 3, "unexpected character 'x' after the value"),
            ("{\"a\": 01}", 7, "expected ',' or '}' in an object, found character '1'"),
            ("{\"a\": tru}", 6, "expected a value, found character 't'"),
            ("{\"a\": \"\\x\"}", 8, "invalid escape '\\character 'x''"),
            ("{\"a\": \"\\ud800\"}", 13, "unpaired surrogate \\ud800"),
            ("{\"a\": 1, \"a\": 2}", 9, "duplicate key \"a\""),
            ("", 0, "expected a value, found end of header"),
        ]
        for (header, offset, reason) in cases {
            let error = Self.error(Self.bytes(header))
            #expect(error == .invalidJSON(file: Self.name, offset: offset, reason: reason), "header \(header)")
        }
        let deep = String(repeating: "[", count: 100_000)  // would overflow the stack if followed blindly
        #expect(Self.error(Self.bytes(deep)) == .invalidJSON(file: Self.name, offset: 32, reason: "nesting deeper than 32 levels"))
        #expect(Self.error([2, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFE]) == .headerNotUTF8(file: Self.name))
    }

    @Test func headerThatIsNotAnObject() {
        #expect(Self.error(Self.bytes("[1, 2]")) == .headerNotObject(file: Self.name, found: "array"))
        #expect(Self.error(Self.bytes("\"model\"")) == .headerNotObject(file: Self.name, found: "string"))
        #expect(Self.error(Self.bytes("null    ")) == .headerNotObject(file: Self.name, found: "null"))
    }

    @Test func malformedEntries() {
        let data = [UInt8](repeating: 0, count: 8)
        let cases: [(String, SafeTensorsError)] = [
            ("{\"w\": 3}", .invalidEntry(file: Self.name, tensor: "w", reason: "entry is a JSON number, expected an object")),
            ("{\"w\": {\"dtype\": \"F32\", \"shape\": [2]}}",
             .invalidEntry(file: Self.name, tensor: "w", reason: "missing data_offsets")),
            ("{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8], \"extra\": 1}}",
             .invalidEntry(file: Self.name, tensor: "w", reason: "unknown field \"extra\"")),
            ("{\"w\": \(Self.entry("F64"))}", .unsupportedDType(file: Self.name, tensor: "w", dtype: "F64")),
            ("{\"w\": \(Self.entry("f32"))}", .unsupportedDType(file: Self.name, tensor: "w", dtype: "f32")),
            ("{\"w\": {\"dtype\": 4, \"shape\": [2], \"data_offsets\": [0, 8]}}",
             .invalidEntry(file: Self.name, tensor: "w", reason: "dtype is a JSON number, expected a string")),
            ("{\"w\": \(Self.entry(shape: "[-2]"))}", .invalidShape(file: Self.name, tensor: "w", reason: "dimension 0 is negative (-2)")),
            ("{\"w\": \(Self.entry(shape: "[1, 2.0]"))}", .invalidShape(file: Self.name, tensor: "w", reason: "dimension 1 is not an integer (2.0)")),
            ("{\"w\": \(Self.entry(shape: "[\"2\"]"))}", .invalidShape(file: Self.name, tensor: "w", reason: "dimension 0 is a JSON string, expected an integer")),
            ("{\"w\": \(Self.entry(shape: "2"))}", .invalidShape(file: Self.name, tensor: "w", reason: "is a JSON number, expected an array of integers")),
            ("{\"w\": \(Self.entry(shape: "[18446744073709551616]"))}",
             .invalidShape(file: Self.name, tensor: "w", reason: "dimension 0 (18446744073709551616) is too large")),
            ("{\"w\": \(Self.entry(offsets: "[8, 0]"))}", .invalidOffsets(file: Self.name, tensor: "w", reason: "[8, 0] end before they begin")),
            ("{\"w\": \(Self.entry(offsets: "[0, 8, 16]"))}",
             .invalidOffsets(file: Self.name, tensor: "w", reason: "must be an array of two integers [begin, end]")),
            ("{\"w\": \(Self.entry(offsets: "[-8, 0]"))}", .invalidOffsets(file: Self.name, tensor: "w", reason: "begin is negative (-8)")),
            ("{\"__metadata__\": {\"k\": 1}, \"w\": \(Self.entry())}",
             .invalidMetadata(file: Self.name, reason: "value of \"k\" is a JSON number, expected a string")),
            ("{\"__metadata__\": [\"k\"], \"w\": \(Self.entry())}",
             .invalidMetadata(file: Self.name, reason: "is a JSON array, expected an object of strings")),
        ]
        for (header, expected) in cases {
            #expect(Self.error(Self.bytes(header, data: data)) == expected, "header \(header)")
        }
    }

    @Test func shapesWhoseSizeOverflows() {
        let header = "{\"w\": \(Self.entry(shape: "[1099511627776, 1099511627776]"))}"
        #expect(Self.error(Self.bytes(header, data: [UInt8](repeating: 0, count: 8)))
                == .shapeOverflow(file: Self.name, tensor: "w", shape: [1 << 40, 1 << 40], dtype: .f32))
        // The element count fits, the byte count does not.
        let bytesOverflow = "{\"w\": \(Self.entry(shape: "[4611686018427387904]"))}"
        #expect(Self.error(Self.bytes(bytesOverflow, data: [UInt8](repeating: 0, count: 8)))
                == .shapeOverflow(file: Self.name, tensor: "w", shape: [1 << 62], dtype: .f32))
    }

    @Test func offsetsThatDisagreeWithTheShape() {
        let header = "{\"layers.0.wq\": \(Self.entry(shape: "[16, 16]", offsets: "[0, 99]"))}"
        let error = #expect(throws: SafeTensorsError.self) {
            try SafeTensorsFile(bytes: Self.bytes(header, data: [UInt8](repeating: 0, count: 99)), name: "model.safetensors")
        }
        #expect(error.map { "\($0)" } == "model.safetensors: tensor \"layers.0.wq\": data_offsets [0, 99] do not match shape [16, 16] of F32 (1024 bytes)")
    }

    @Test func offsetsBeyondTheData() {
        let header = "{\"w\": \(Self.entry(shape: "[8]", offsets: "[0, 32]"))}"
        #expect(Self.error(Self.bytes(header, data: [UInt8](repeating: 0, count: 16)))
                == .offsetsBeyondData(file: Self.name, tensor: "w", begin: 0, end: 32, dataSize: 16))
        let far = "{\"w\": \(Self.entry(shape: "[2]", offsets: "[18446744073709551600, 18446744073709551608]"))}"
        #expect(Self.error(Self.bytes(far, data: [UInt8](repeating: 0, count: 8)))
                == .offsetsBeyondData(file: Self.name, tensor: "w", begin: 18446744073709551600, end: 18446744073709551608, dataSize: 8))
    }

    @Test func tensorsThatOverlapOrLeaveHoles() {
        let overlapping = "{\"a\": \(Self.entry(offsets: "[0, 8]")), \"b\": \(Self.entry(offsets: "[4, 12]"))}"
        #expect(Self.error(Self.bytes(overlapping, data: [UInt8](repeating: 0, count: 12)))
                == .overlap(file: Self.name, tensor: "b", other: "a"))
        let same = "{\"a\": \(Self.entry()), \"b\": \(Self.entry())}"
        #expect(Self.error(Self.bytes(same, data: [UInt8](repeating: 0, count: 8)))
                == .overlap(file: Self.name, tensor: "b", other: "a"))
        let gap = "{\"a\": \(Self.entry(offsets: "[0, 8]")), \"b\": \(Self.entry(offsets: "[12, 20]"))}"
        #expect(Self.error(Self.bytes(gap, data: [UInt8](repeating: 0, count: 20))) == .hole(file: Self.name, begin: 8, end: 12))
        let trailing = "{\"a\": \(Self.entry())}"
        #expect(Self.error(Self.bytes(trailing, data: [UInt8](repeating: 0, count: 12))) == .hole(file: Self.name, begin: 8, end: 12))
        #expect(Self.error(Self.bytes("{}", data: [1, 2, 3, 4])) == .hole(file: Self.name, begin: 0, end: 4))
    }

    @Test func truncatedData() throws {
        var writer = SafeTensorsWriter()
        try writer.add("a", values: [1, 2, 3, 4], shape: [4])
        try writer.add("b", values: [5, 6], shape: [2], dtype: .f16)
        let whole = writer.serialized()
        #expect(Self.error(Array(whole.dropLast(1)))
                == .offsetsBeyondData(file: Self.name, tensor: "b", begin: 16, end: 20, dataSize: 19))
        #expect(Self.error(Array(whole.prefix(whole.count - 20))) != nil)
        #expect(Self.error(Array(whole.prefix(5))) == .fileTooSmall(file: Self.name, size: 5))
    }

    @Test func paddedAndEmptyHeadersAreValid() throws {
        let padded = try SafeTensorsFile(bytes: Self.bytes("{\"w\": \(Self.entry())}      ", data: [UInt8](repeating: 0, count: 8)), name: Self.name)
        #expect(padded.names == ["w"] && padded.metadata.isEmpty)
        let empty = try SafeTensorsFile(bytes: Self.bytes("{}"), name: Self.name)
        #expect(empty.tensors.isEmpty)
        let zeroSized = try SafeTensorsFile(bytes: Self.bytes("{\"z\": \(Self.entry(shape: "[0, 5]", offsets: "[8, 8]")), \"w\": \(Self.entry())}",
                                                             data: [UInt8](repeating: 0, count: 8)), name: Self.name)
        #expect(zeroSized.info(named: "z")?.elementCount == 0)
    }

    @Test func hostileNamesAreEscapedInMessages() {
        let header = "{\"\\u001b[31mred\": \(Self.entry("Q8"))}"
        let message = Self.error(Self.bytes(header, data: [UInt8](repeating: 0, count: 8))).map { "\($0)" } ?? ""
        #expect(!message.contains("\u{1B}"))
        #expect(message.contains("\"\\u{1b}[31mred\""), "\(message)")
        let bidi = Self.error(Self.bytes("{\"evil\u{202E}txt.exe\": 1}")).map { "\($0)" } ?? ""
        #expect(bidi.contains("evil\\u{202e}txt.exe"), "\(bidi)")
        let long = String(repeating: "x", count: 10_000)
        let longMessage = Self.error(Self.bytes("{\"\(long)\": 1}")).map { "\($0)" } ?? ""
        #expect(longMessage.count < 300, "\(longMessage.count) characters")
    }
}
