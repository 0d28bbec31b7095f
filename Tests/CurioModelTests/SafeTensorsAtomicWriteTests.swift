import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import CurioModel

/// A failed save never damages the checkpoint that was there before, and leaves no litter.
@Suite struct SafeTensorsAtomicWriteTests {
    struct Simulated: Error {}

    static func writer(_ values: [Float]) throws -> SafeTensorsWriter {
        var writer = SafeTensorsWriter(metadata: ["version": "\(values.count)"])
        try writer.add("w", values: values, shape: [values.count])
        return writer
    }

    /// Names in `directory` other than "." and "..", sorted.
    static func listing(_ directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func mode(_ path: String) -> mode_t {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & 0o7777 : 0
    }

    @Test func replacingAFileLeavesOnlyTheNewOne() throws {
        let directory = SafeTensorsScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("model.safetensors")
        try Self.writer([1, 2, 3]).write(to: path)
        #expect(Self.mode(path) == 0o644)
        try Self.writer([4, 5]).write(to: path)
        #expect(try SafeTensorsFile(path: path).floats(named: "w") == [4, 5])
        #expect(Self.listing(directory.path) == ["model.safetensors"])
    }

    @Test func anOpenMappingKeepsTheOldContentsAfterAReplace() throws {
        let directory = SafeTensorsScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("model.safetensors")
        try Self.writer([1, 2, 3]).write(to: path)
        let old = try SafeTensorsFile(path: path)
        try Self.writer([7, 8, 9, 10]).write(to: path)
        #expect(try old.floats(named: "w") == [1, 2, 3])
        #expect(try SafeTensorsFile(path: path).floats(named: "w") == [7, 8, 9, 10])
    }

    @Test func anErrorWhileWritingLeavesTheOldFileUntouched() throws {
        let directory = SafeTensorsScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("model.safetensors")
        try Self.writer([1, 2, 3]).write(to: path)
        let before = try SafeTensorsFile(path: path).floats(named: "w")
        #expect(throws: Simulated.self) {
            try AtomicFile.write(to: path) { output in
                try output.write(Self.writer([9, 9]).serialized().prefix(20).map { $0 })
                throw Simulated()  // e.g. the disk filled up half way through
            }
        }
        #expect(try SafeTensorsFile(path: path).floats(named: "w") == before)
        #expect(Self.listing(directory.path) == ["model.safetensors"], "the temporary file was removed")
    }

    @Test func permissionsOfTheReplacedFileAreKept() throws {
        let directory = SafeTensorsScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("private.safetensors")
        try Self.writer([1]).write(to: path)
        chmod(path, 0o600)
        try Self.writer([2]).write(to: path)
        #expect(Self.mode(path) == 0o600)
    }

    @Test func aFailedRenameLeavesTheDestinationAlone() throws {
        let directory = SafeTensorsScratchDirectory()
        defer { directory.cleanUp() }
        let target = directory.file("occupied")
        #expect(mkdir(target, 0o755) == 0)
        defer { rmdir(target) }
        let error = #expect(throws: SafeTensorsError.self) { try Self.writer([1]).write(to: target) }
        #expect(error.map { "\($0)" }?.contains("cannot rename into place") == true, "\(String(describing: error))")
        #expect(Self.listing(directory.path) == ["occupied"])
        #expect(Self.listing(target).isEmpty)
    }

    @Test func aMissingDirectoryIsReported() throws {
        let error = #expect(throws: SafeTensorsError.self) {
            try Self.writer([1]).write(to: "/nonexistent-curio-dir/model.safetensors")
        }
        #expect(error.map { "\($0)" } == "/nonexistent-curio-dir/model.safetensors: cannot write: cannot create a temporary file: No such file or directory (any previous file is unchanged)")
    }

    /// Root ignores directory permissions, so this case only means something for other users.
    @Test(.enabled(if: geteuid() != 0, "running as root: directory permissions are not enforced"))
    func aReadOnlyDirectoryLeavesTheOldFileUntouched() throws {
        let directory = SafeTensorsScratchDirectory()
        defer { chmod(directory.path, 0o755); directory.cleanUp() }
        let path = directory.file("model.safetensors")
        try Self.writer([1, 2, 3]).write(to: path)
        chmod(directory.path, 0o555)
        let error = #expect(throws: SafeTensorsError.self) { try Self.writer([4]).write(to: path) }
        #expect(error.map { "\($0)" }?.contains("Permission denied") == true)
        #expect(try SafeTensorsFile(path: path).floats(named: "w") == [1, 2, 3])
    }

    @Test func temporaryFilesGoBesideTheDestination() {
        #expect(AtomicFile.directory(of: "model.safetensors") == ".")
        #expect(AtomicFile.directory(of: "runs/model.safetensors") == "runs")
        #expect(AtomicFile.directory(of: "/model.safetensors") == "/")
        #expect(AtomicFile.directory(of: "/a/b/model.safetensors") == "/a/b")
    }
}
