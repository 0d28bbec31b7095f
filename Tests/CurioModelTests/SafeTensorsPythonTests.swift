import Foundation
import Testing
@testable import CurioModel

/// Runs `python3` for the interop tests.
enum SafeTensorsPython {
    /// Whether `python3` can import numpy and the `safetensors` package.
    static let available: Bool = run(["-c", "import numpy, safetensors, safetensors.numpy"]).status == 0

    /// Runs `python3 arguments…`; status -1 when python3 cannot be started.
    static func run(_ arguments: [String]) -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        do { try process.run() } catch { return (-1, "", "\(error)") }
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

/// Files written by curio load in Python's `safetensors` (the reference implementation) and
/// vice versa. Skipped, saying so, where the package is not installed (CI installs it).
@Suite(.enabled(if: SafeTensorsPython.available, "python3 cannot import safetensors and numpy: pip install safetensors numpy"))
struct SafeTensorsPythonTests {
    /// (i - 5.5) / 3 in float32, computed identically by Swift and numpy.
    static func ramp(_ count: Int) -> [Float] { (0..<count).map { (Float($0) - 5.5) / 3 } }
    static let rampPython = "lambda n: (np.arange(n, dtype=np.float32) - np.float32(5.5)) / np.float32(3)"
    /// Values at the edges of the 16-bit formats, exact in float32 on both sides.
    static let special: [Float] = [0, -0.0, .infinity, -.infinity, 65504, 70000, 1.0 / 1_048_576, 1.0 / 3]
    static let specialPython = "np.array([0, -0.0, np.inf, -np.inf, 65504, 70000, 2.0**-20, np.float32(1) / np.float32(3)], dtype=np.float32)"

    /// Widened float32 bit patterns of `values` stored as `dtype`.
    static func storedBits(_ values: [Float], _ dtype: SafeTensorsDType) -> [UInt32] {
        values.map { value in
            switch dtype {
            case .f32: value.bitPattern
            case .f16: HalfConversion.float(fromHalfBits: HalfConversion.halfBits(from: value)).bitPattern
            case .bf16: HalfConversion.float(fromBFloat16Bits: HalfConversion.bfloat16Bits(from: value)).bitPattern
            }
        }
    }

    @Test func curioFilesLoadInPython() throws {
        let directory = SafeTensorsScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("curio.safetensors")
        let tensors: [(String, [Float], [Int], SafeTensorsDType)] = [
            ("tok_emb", Self.ramp(12), [3, 4], .f32),
            ("layers.0.wq", Self.ramp(6), [2, 3], .bf16),
            ("layers.0.norm", Self.ramp(5), [5], .f16),
            ("special.f16", Self.special, [8], .f16),
            ("special.bf16", Self.special, [2, 4], .bf16),
            ("scalar", [2.5], [], .f32),
            ("empty", [], [0, 2], .f32),
        ]
        var writer = SafeTensorsWriter(metadata: ["config": "{\"dModel\": 4}", "note": "ünï \"quoted\"\n\u{08}"])
        for (name, values, shape, dtype) in tensors { try writer.add(name, values: values, shape: shape, dtype: dtype) }
        try writer.write(to: path)

        // deserialize() runs the reference validation over the whole file; the numpy loader
        // reads the dtypes numpy has; BF16 is widened by hand (numpy has no bfloat16).
        let script = """
        import sys, json, numpy as np, safetensors
        from safetensors import safe_open
        path = sys.argv[1]
        raw = dict(safetensors.deserialize(open(path, "rb").read()))
        with safe_open(path, framework="numpy") as f:
            print("META " + json.dumps(f.metadata(), sort_keys=True))
            for name in sorted(raw):
                entry = raw[name]
                data = bytes(entry["data"])
                if entry["dtype"] == "BF16":
                    values = (np.frombuffer(data, dtype="<u2").astype("<u4") << 16).view("<f4")
                else:
                    values = f.get_tensor(name).astype("<f4").reshape(-1)
                    assert list(f.get_tensor(name).shape) == list(entry["shape"])
                bits = " ".join("%08x" % b for b in values.view("<u4"))
                print("T", name, entry["dtype"], "x".join(map(str, entry["shape"])) or "-", bits)
        """
        let result = SafeTensorsPython.run(["-c", script, path])
        try #require(result.status == 0, "python failed: \(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        let metadataJSON = try #require(lines.first { $0.hasPrefix("META ") }?.dropFirst(5))
        let metadata = try JSONSerialization.jsonObject(with: Data(metadataJSON.utf8)) as? [String: String]
        #expect(metadata == writer.metadata)
        for (name, values, shape, dtype) in tensors {
            let line = try #require(lines.first { $0.hasPrefix("T \(name) ") }, "python did not list \(name)")
            let fields = line.split(separator: " ").map(String.init)
            #expect(fields[2] == dtype.rawValue)
            #expect(fields[3] == (shape.isEmpty ? "-" : shape.map(String.init).joined(separator: "x")))
            let bits = fields.dropFirst(4).map { UInt32($0, radix: 16) ?? 0 }
            #expect(bits == Self.storedBits(values, dtype), "\(name)")
        }
    }

    @Test func pythonFilesLoadInCurio() throws {
        let directory = SafeTensorsScratchDirectory()
        defer { directory.cleanUp() }
        let numpyPath = directory.file("numpy.safetensors"), bfloatPath = directory.file("bf16.safetensors")
        let script = """
        import sys, numpy as np, safetensors
        from safetensors.numpy import save_file
        ramp = \(Self.rampPython)
        special = \(Self.specialPython)
        save_file({"w": ramp(12).reshape(3, 4), "h": ramp(7).astype(np.float16), "special": special.astype(np.float16),
                   "scalar": np.array(2.5, dtype=np.float32), "empty": np.zeros((0, 2), dtype=np.float32)},
                  sys.argv[1], metadata={"format": "np", "note": "ünï"})
        bits = np.array([0x3F80, 0xC000, 0x7F80, 0x0001, 0x3EAB], dtype="<u2")
        try:
            from safetensors import TensorSpec
            spec = {"b": TensorSpec(dtype="bfloat16", shape=[5], data_ptr=bits.ctypes.data, data_len=bits.nbytes)}
        except ImportError:  # safetensors < 0.8 takes plain dicts
            spec = {"b": {"dtype": "BF16", "shape": [5], "data": bits.tobytes()}}
        safetensors.serialize_file(spec, sys.argv[2])
        """
        let result = SafeTensorsPython.run(["-c", script, numpyPath, bfloatPath])
        try #require(result.status == 0, "python failed: \(result.error)")

        let file = try SafeTensorsFile(path: numpyPath)
        #expect(file.names == ["empty", "h", "scalar", "special", "w"])
        #expect(file.metadata == ["format": "np", "note": "ünï"])
        #expect(try file.floats(named: "w") == Self.ramp(12))
        #expect(file.info(named: "w")?.shape == [3, 4])
        // numpy's float16 rounding and ours agree bit for bit, overflow and subnormals included.
        #expect(try file.floats(named: "h").map(\.bitPattern) == Self.storedBits(Self.ramp(7), .f16))
        #expect(try file.floats(named: "special").map(\.bitPattern) == Self.storedBits(Self.special, .f16))
        #expect(try file.floats(named: "scalar") == [2.5] && file.info(named: "scalar")?.shape == [])
        #expect(try file.floats(named: "empty") == [] && file.info(named: "empty")?.shape == [0, 2])

        let bfloat = try SafeTensorsFile(path: bfloatPath)
        #expect(try bfloat.floats(named: "b") == [1, -2, .infinity, Float(bitPattern: 0x0001_0000), Float(bitPattern: 0x3EAB_0000)])
        #expect(bfloat.info(named: "b")?.dtype == .bf16)
    }

    @Test func curioWritesTheSameBytesAsPython() throws {
        let directory = SafeTensorsScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("python.safetensors")
        let script = """
        import sys, numpy as np
        from safetensors.numpy import save_file
        ramp = \(Self.rampPython)
        save_file({"b.half": ramp(3).astype(np.float16), "a.weight": ramp(6).reshape(2, 3), "c": ramp(1),
                   "z.half": ramp(4).astype(np.float16).reshape(2, 2)}, sys.argv[1], metadata={"config": "{\\"d\\": 3}\\n"})
        """
        let result = SafeTensorsPython.run(["-c", script, path])
        try #require(result.status == 0, "python failed: \(result.error)")
        var writer = SafeTensorsWriter(metadata: ["config": "{\"d\": 3}\n"])
        try writer.add("z.half", values: Self.ramp(4), shape: [2, 2], dtype: .f16)
        try writer.add("c", values: Self.ramp(1), shape: [1])
        try writer.add("b.half", values: Self.ramp(3), shape: [3], dtype: .f16)
        try writer.add("a.weight", values: Self.ramp(6), shape: [2, 3])
        let python = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let ours = writer.serialized()
        #expect(ours == python, """
            curio:  \(String(decoding: ours.prefix(200), as: UTF8.self))
            python: \(String(decoding: python.prefix(200), as: UTF8.self))
            """)
    }
}
