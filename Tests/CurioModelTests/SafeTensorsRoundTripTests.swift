import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import CurioModel
import CurioRandom

/// A fresh empty directory under /tmp for one test, removed by `cleanUp`.
struct SafeTensorsScratchDirectory {
    let path: String

    init() {
        var template = Array("/tmp/curio-safetensors-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { fatalError("mkdtemp failed: errno \(errno)") }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    /// Writes `bytes` to the file `name` in place (no fsync: tests need speed, not durability).
    @discardableResult
    func write(_ bytes: [UInt8], to name: String) -> String {
        let target = file(name)
        guard let stream = fopen(target, "wb") else { fatalError("cannot create \(target)") }
        if !bytes.isEmpty { _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, stream) } }
        fclose(stream)
        return target
    }

    /// Removes the directory's files (tests create no subdirectories except where they clean up).
    func cleanUp() {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name != "." && name != ".." { unlink(file(name)) }
            }
            closedir(directory)
        }
        rmdir(path)
    }
}

/// Writing then reading gives back the same tensors, shapes and metadata.
@Suite struct SafeTensorsRoundTripTests {
    static func sampleValues(count: Int, seed: UInt64) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float.random(in: -4...4, using: &rng) }
    }

    @Test func f32RoundTripIsExactThroughDisk() throws {
        let directory = SafeTensorsScratchDirectory()
        defer { directory.cleanUp() }
        let special: [Float] = [0, -0.0, 1, -1, .infinity, -.infinity, .leastNonzeroMagnitude,
                                .greatestFiniteMagnitude, Float(bitPattern: 0x0000_1234), 3.14159265]
        let embedding = Self.sampleValues(count: 7 * 5, seed: 1)
        var writer = SafeTensorsWriter(metadata: ["config": "{\"dModel\": 5}", "note": "tab\there, \"quoted\", ünïcödé 🎬"])
        try writer.add("tok_emb", values: embedding, shape: [7, 5])
        try writer.add("special", values: special, shape: [2, 5])
        try writer.add("scalar", values: [42], shape: [])
        try writer.add("empty", values: [], shape: [0, 3])
        let path = directory.file("model.safetensors")
        try writer.write(to: path)

        let file = try SafeTensorsFile(path: path)
        #expect(file.names == ["empty", "scalar", "special", "tok_emb"])
        #expect(file.metadata == writer.metadata)
        #expect(try file.floats(named: "tok_emb") == embedding)
        #expect(try file.floats(named: "special").map(\.bitPattern) == special.map(\.bitPattern))
        #expect(try file.floats(named: "scalar") == [42])
        #expect(try file.floats(named: "empty") == [])
        let view = try file.tensor(named: "tok_emb")
        #expect(view.shape == [7, 5] && view.dtype == .f32 && view.info.elementCount == 35)
        #expect(view.withUnsafeBytes { $0.count } == 140)
        #expect(file.info(named: "empty")?.shape == [0, 3])
        #expect(file.byteCount == writer.serialized().count)
    }

    @Test(arguments: [SafeTensorsDType.f16, .bf16])
    func halfRoundTripGivesTheRoundedValues(dtype: SafeTensorsDType) throws {
        let values = Self.sampleValues(count: 300, seed: 2) + [0, -0.0, .infinity, -.infinity, 65504, 70000, 1e-6]
        var writer = SafeTensorsWriter()
        try writer.add("w", values: values, shape: [values.count], dtype: dtype)
        let file = try SafeTensorsFile(bytes: writer.serialized(), name: "half.safetensors")
        let expected = values.map { value -> Float in
            dtype == .f16 ? HalfConversion.float(fromHalfBits: HalfConversion.halfBits(from: value))
                          : HalfConversion.float(fromBFloat16Bits: HalfConversion.bfloat16Bits(from: value))
        }
        let loaded = try file.floats(named: "w")
        #expect(loaded.map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(file.info(named: "w")?.dtype == dtype)
        // Precision actually stored: relative error within half an ulp of the format.
        let epsilon: Float = dtype == .f16 ? 1.0 / 2048 : 1.0 / 256
        for (value, back) in zip(values.prefix(300), loaded) {
            #expect(abs(back - value) <= epsilon * abs(value) + 1e-7, "\(value) came back as \(back)")
        }
    }

    @Test func preEncodedBitsAreWrittenUnchanged() throws {
        let bits: [UInt16] = [0x3F80, 0xC000, 0x7F80, 0x0001]
        var writer = SafeTensorsWriter()
        try writer.add("b", bits: bits, shape: [2, 2], dtype: .bf16)
        let file = try SafeTensorsFile(bytes: writer.serialized(), name: "bits")
        #expect(try file.floats(named: "b") == [1, -2, .infinity, Float(bitPattern: 0x0001_0000)])
        #expect(throws: SafeTensorsError.self) { try writer.add("c", bits: bits, shape: [4], dtype: .f32) }
    }

    @Test func halfBitsCopiesOrConverts() throws {
        let values: [Float] = [1, -2, 0.1, 65504, 1e6, .infinity]
        var writer = SafeTensorsWriter()
        try writer.add("f32", values: values, shape: [6])
        try writer.add("f16", values: values, shape: [6], dtype: .f16)
        try writer.add("bf16", values: values, shape: [2, 3], dtype: .bf16)
        let file = try SafeTensorsFile(bytes: writer.serialized(), name: "bits")
        let asHalf = values.map(HalfConversion.halfBits(from:))
        let asBFloat = values.map(HalfConversion.bfloat16Bits(from:))
        #expect(try file.halfBits(named: "f16", as: .f16) == asHalf)
        #expect(try file.halfBits(named: "bf16", as: .bf16) == asBFloat)
        #expect(try file.halfBits(named: "f32", as: .bf16) == asBFloat)
        #expect(try file.halfBits(named: "f32", as: .f16) == asHalf)
        // BF16 -> F16 goes through the exact Float: 1e6 and inf overflow F16 to infinity.
        #expect(try file.halfBits(named: "bf16", as: .f16)
                == asBFloat.map { HalfConversion.halfBits(from: HalfConversion.float(fromBFloat16Bits: $0)) })
        #expect(throws: SafeTensorsError.self) { try file.halfBits(named: "f16", as: .f32) }
        #expect(throws: SafeTensorsError.tensorNotFound(file: "bits", name: "x")) { try file.halfBits(named: "x", as: .f16) }
    }

    @Test func outputIsDeterministicAndAligned() throws {
        let a = Self.sampleValues(count: 3, seed: 3), b = Self.sampleValues(count: 5, seed: 4)
        var first = SafeTensorsWriter(metadata: ["z": "1", "a": "2"])
        try first.add("odd_half", values: a, shape: [3], dtype: .f16)
        try first.add("floats", values: b, shape: [5])
        var second = SafeTensorsWriter(metadata: ["a": "2", "z": "1"])
        try second.add("floats", values: b, shape: [5])
        try second.add("odd_half", values: a, shape: [3], dtype: .f16)
        let bytes = first.serialized()
        #expect(bytes == second.serialized())

        let headerLength = Int(bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        #expect((8 + headerLength) % 8 == 0, "data section starts at byte \(8 + headerLength)")
        let file = try SafeTensorsFile(bytes: bytes, name: "aligned")
        // The 3-element F16 tensor would misalign an F32 tensor after it: F32 goes first.
        #expect(file.info(named: "floats")?.dataRange == 0..<20)
        #expect(file.info(named: "odd_half")?.dataRange == 20..<26)
    }

    @Test func readFloatsFillsASliceOfAFlatBuffer() throws {
        var writer = SafeTensorsWriter()
        try writer.add("a", values: [1, 2, 3], shape: [3])
        try writer.add("b", values: [4, 5], shape: [1, 2], dtype: .bf16)
        let file = try SafeTensorsFile(bytes: writer.serialized(), name: "flat")
        var parameters = [Float](repeating: -1, count: 6)
        try file.readFloats(named: "a", into: &parameters, at: 0)
        try file.readFloats(named: "b", into: &parameters, at: 3)
        #expect(parameters == [1, 2, 3, 4, 5, -1])
        let error = #expect(throws: SafeTensorsError.self) { try file.readFloats(named: "a", into: &parameters, at: 4) }
        #expect(error == .destinationTooSmall(file: "flat", tensor: "a", needed: 3, available: 2))
        #expect(throws: SafeTensorsError.self) { try file.readFloats(named: "a", into: &parameters, at: -1) }
        #expect(throws: SafeTensorsError.self) { try file.readFloats(named: "a", into: &parameters, at: 7) }
        #expect(throws: SafeTensorsError.tensorNotFound(file: "flat", name: "c")) { try file.floats(named: "c") }
    }

    @Test func writerRejectsInconsistentTensors() throws {
        var writer = SafeTensorsWriter()
        try writer.add("w", values: [1, 2], shape: [2])
        let cases: [(String, [Float], [Int], String)] = [
            ("w", [1, 2], [2], "already added"),
            ("__metadata__", [1], [1], "reserved"),
            ("", [1], [1], "empty"),
            ("x", [1, 2, 3], [2, 2], "3 values do not fill shape [2, 2] (4 elements)"),
            ("y", [], [-1, 0], "negative dimension"),
            ("z", [], [1 << 40, 1 << 40], "too many elements"),
        ]
        for (name, values, shape, message) in cases {
            let error = #expect(throws: SafeTensorsError.self) { try writer.add(name, values: values, shape: shape) }
            #expect(error.map { "\($0)".contains(message) } == true, "\(String(describing: error)) should mention \(message)")
        }
        #expect(writer.names == ["w"])
    }

    @Test func openingAMissingFileNamesIt() {
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(path: "/nonexistent/model.safetensors") }
        #expect(error.map { "\($0)" } == "/nonexistent/model.safetensors: cannot open: No such file or directory")
    }
}
