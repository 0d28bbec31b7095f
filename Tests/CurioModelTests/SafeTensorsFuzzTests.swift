import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import CurioModel
import CurioRandom

/// Seeded mutations of a valid file never crash the reader: each either loads, with every
/// tensor readable and inside the file, or throws a `SafeTensorsError` naming the file.
@Suite struct SafeTensorsFuzzTests {
    static let name = "fuzz.safetensors"

    static func validFile() throws -> [UInt8] {
        var rng = SeededGenerator(seed: 99)
        var writer = SafeTensorsWriter(metadata: ["config": "{\"layers\": 2, \"dModel\": 8}", "tokenizer": "bpe"])
        try writer.add("tok_emb", values: (0..<24).map { _ in Float.random(in: -1...1, using: &rng) }, shape: [3, 8])
        try writer.add("layers.0.wq", values: (0..<16).map { _ in Float.random(in: -1...1, using: &rng) }, shape: [4, 4], dtype: .bf16)
        try writer.add("layers.0.norm", values: (0..<5).map { _ in Float.random(in: -1...1, using: &rng) }, shape: [5], dtype: .f16)
        try writer.add("scalar", values: [2], shape: [])
        return writer.serialized()
    }

    /// Bytes a header edit inserts: JSON punctuation, digits, and a few troublemakers.
    static let headerAlphabet = Array("{}[]\",:-.eE0123456789 \\u\u{0}\u{1F}aFBI".utf8) + [0xFF, 0xC3]
    /// Numbers a header edit substitutes: boundaries of every integer width in play.
    static let numbers = ["0", "-1", "1.5", "1e3", "255", "4294967296", "9223372036854775807", "9223372036854775808",
                          "18446744073709551615", "18446744073709551616", "99999999999999999999999", "-0", "007"]

    /// One random mutation of `original`.
    static func mutate(_ original: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = original
        let headerEnd = 8 + Int(bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        func position(inHeader: Bool) -> Int {
            inHeader ? Int.random(in: 8..<headerEnd, using: &rng) : Int.random(in: 0..<bytes.count, using: &rng)
        }
        switch rng.next() % 8 {
        case 0:  // bit flips anywhere
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                bytes[position(inHeader: false)] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
            }
        case 1:  // bit flips in the header, where they matter most
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                bytes[position(inHeader: true)] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
            }
        case 2:  // truncation
            bytes.removeLast(Int.random(in: 1...bytes.count, using: &rng))
        case 3:  // header byte replaced by a JSON-significant one
            bytes[position(inHeader: true)] = headerAlphabet.randomElement(using: &rng)!
        case 4:  // header bytes inserted or deleted, length field kept or fixed up
            let at = position(inHeader: true)
            if rng.next() % 2 == 0 {
                bytes.insert(headerAlphabet.randomElement(using: &rng)!, at: at)
            } else {
                bytes.remove(at: at)
            }
            if rng.next() % 2 == 0 {
                let length = UInt64(headerEnd - 8 + bytes.count - original.count)
                for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: length >> (8 * i)) }
            }
        case 5:  // a number in the header replaced by a boundary value
            let digits = (8..<headerEnd).filter { bytes[$0] >= UInt8(ascii: "0") && bytes[$0] <= UInt8(ascii: "9") }
            guard let start = digits.randomElement(using: &rng) else { break }
            var end = start
            while end < headerEnd && bytes[end] >= UInt8(ascii: "0") && bytes[end] <= UInt8(ascii: "9") { end += 1 }
            let replacement = Array(numbers.randomElement(using: &rng)!.utf8)
            bytes.replaceSubrange(start..<end, with: replacement)
            let length = UInt64(headerEnd - 8 + replacement.count - (end - start))
            for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: length >> (8 * i)) }
        case 6:  // length field perturbed
            let field = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let perturbed = rng.next() % 4 == 0 ? rng.next() : field &+ UInt64(Int.random(in: -16...16, using: &rng))
            for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: perturbed >> (8 * i)) }
        default:  // data bytes appended or removed (coverage)
            if rng.next() % 2 == 0 {
                bytes.append(contentsOf: (0..<Int.random(in: 1...9, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            } else {
                bytes.removeLast(Int.random(in: 1...6, using: &rng))
            }
        }
        return bytes
    }

    /// Reads everything a loaded file offers, checking each tensor stays inside it.
    static func exercise(_ file: SafeTensorsFile) throws {
        var covered = 0
        for info in file.tensors {
            let view = try file.tensor(named: info.name)
            let byteCount = view.withUnsafeBytes { $0.count }
            #expect(byteCount == info.elementCount * info.dtype.byteSize)
            #expect(try file.floats(named: info.name).count == info.elementCount)
            covered += byteCount
        }
        #expect(covered <= file.byteCount)
    }

    @Test func mutatedFilesLoadOrFailCleanly() throws {
        let original = try Self.validFile()
        var rng = SeededGenerator(seed: 2026)
        var loaded = 0, refused = 0
        var kinds = Set<String>()
        for _ in 0..<20_000 {
            let bytes = Self.mutate(original, &rng)
            do {
                let file = try SafeTensorsFile(bytes: bytes, name: Self.name)
                try Self.exercise(file)
                loaded += 1
            } catch {
                let message = "\(error)"
                #expect(message.hasPrefix(Self.name + ": "), "\(message)")
                kinds.insert(Mirror(reflecting: error).children.first?.label ?? "\(error)")
                refused += 1
            }
        }
        // Both outcomes must occur, and many distinct errors, or the fuzzer is not reaching the checks.
        #expect(loaded > 100, "\(loaded) mutants loaded")
        #expect(refused > 10_000, "\(refused) mutants refused")
        #expect(kinds.count >= 12, "only these error kinds: \(kinds.sorted())")
    }

    @Test func mutatedFilesOnDiskLoadOrFailCleanly() throws {
        let original = try Self.validFile()
        let directory = SafeTensorsScratchDirectory()
        defer { directory.cleanUp() }
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            let path = directory.write(Self.mutate(original, &rng), to: "mutant.safetensors")
            do {
                try Self.exercise(SafeTensorsFile(path: path))
            } catch {
                #expect("\(error)".hasPrefix(path + ": "), "\(error)")
            }
        }
    }
}
