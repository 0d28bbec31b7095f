// Reading safetensors checkpoints: map the file, validate the whole header, then hand out
// zero-copy views of tensors or decode them to Float.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only safetensors file, memory-mapped and fully validated.
///
/// Opening checks everything a hostile or damaged file could get wrong (see
/// `SafeTensorsError`) before any tensor byte is read, so afterwards every view is known to
/// lie inside the mapping. The data is not copied: `tensor(named:)` gives a view into the
/// mapping, `floats(named:)` decodes one tensor. Views keep the mapping alive; it is unmapped
/// when the file and all its views are gone.
///
/// Replacing the file through `SafeTensorsWriter` (rename) is safe while it is mapped; the
/// mapping keeps the old contents. Truncating the file in place while it is mapped is not
/// (the OS raises SIGBUS), which is why curio never writes checkpoints in place.
///
/// ```swift
/// let file = try SafeTensorsFile(path: "model.safetensors")
/// let config = file.metadata["config"]
/// let embedding = try file.floats(named: "tok_emb")
/// ```
public final class SafeTensorsFile: Sendable {
    /// The path the file was opened from (or the name given to `init(bytes:name:)`).
    public let path: String
    /// The `__metadata__` map; empty when the file has none.
    public let metadata: [String: String]
    /// Every tensor, sorted by name.
    public let tensors: [SafeTensorsTensorInfo]
    /// Size of the whole file in bytes.
    public let byteCount: Int

    private let storage: SafeTensorsStorage
    private let dataStart: Int
    private let index: [String: Int]

    /// Maps and validates the safetensors file at `path`.
    ///
    /// - Throws: `SafeTensorsError` naming the file and the first problem found.
    /// - Complexity: O(h + t log t) for a header of h bytes and t tensors; the data is
    ///   mapped, not read.
    public convenience init(path: String) throws(SafeTensorsError) {
        try self.init(storage: SafeTensorsStorage(mapping: path), name: path)
    }

    /// Validates a safetensors file held in memory (the bytes are copied once).
    ///
    /// `name` stands in for the path in error messages.
    public convenience init(bytes: [UInt8], name: String) throws(SafeTensorsError) {
        try self.init(storage: SafeTensorsStorage(copying: bytes), name: name)
    }

    private init(storage: SafeTensorsStorage, name: String) throws(SafeTensorsError) {
        let size = storage.count
        guard size >= 8 else { throw .fileTooSmall(file: name, size: size) }
        let lengthField = storage.bytes.loadUnaligned(as: UInt64.self)
        let headerLength = try SafeTensorsHeader.validatedHeaderLength(
            UInt64(littleEndian: lengthField), fileSize: size, file: name)
        let json = Array(storage.bytes[8..<(8 + headerLength)])
        let header = try SafeTensorsHeader(json: json, dataSize: size - 8 - headerLength, file: name)
        self.path = name
        self.metadata = header.metadata
        self.tensors = header.tensors
        self.byteCount = size
        self.storage = storage
        self.dataStart = 8 + headerLength
        self.index = Dictionary(uniqueKeysWithValues: header.tensors.enumerated().map { ($1.name, $0) })
    }

    /// Tensor names, sorted.
    public var names: [String] { tensors.map(\.name) }

    /// The table entry for `name`, or nil when there is no such tensor.
    public func info(named name: String) -> SafeTensorsTensorInfo? {
        index[name].map { tensors[$0] }
    }

    /// A zero-copy view of tensor `name`.
    public func tensor(named name: String) throws(SafeTensorsError) -> TensorView {
        guard let info = info(named: name) else { throw .tensorNotFound(file: path, name: name) }
        return TensorView(info: info, storage: storage, start: dataStart + info.dataRange.lowerBound)
    }

    /// Tensor `name` decoded to Float (F16 and BF16 are widened exactly).
    ///
    /// - Complexity: O(n) in the tensor's element count.
    public func floats(named name: String) throws(SafeTensorsError) -> [Float] {
        try tensor(named: name).floats()
    }

    /// Decodes tensor `name` into `destination[offset ..< offset + elementCount]`, for
    /// filling a slice of one flat parameter buffer without a temporary array.
    ///
    /// - Throws: `.destinationTooSmall` when the tensor does not fit at `offset`.
    public func readFloats(named name: String, into destination: inout [Float], at offset: Int = 0) throws(SafeTensorsError) {
        let view = try tensor(named: name)
        let inside = offset >= 0 && offset <= destination.count
        let available = inside ? destination.count - offset : 0
        guard inside && view.info.elementCount <= available else {
            throw .destinationTooSmall(file: path, tensor: name, needed: view.info.elementCount, available: available)
        }
        destination.withUnsafeMutableBufferPointer { buffer in
            view.decode(into: UnsafeMutableBufferPointer(rebasing: buffer[offset ..< offset + view.info.elementCount]))
        }
    }

    /// Tensor `name` as 16-bit patterns of `format` (`.f16` or `.bf16`), e.g. weights for
    /// the kernels' half-precision matrix-vector products.
    ///
    /// A tensor stored in `format` is copied bit for bit; any other is converted (rounding
    /// to nearest, ties to even, as the writer does).
    /// - Throws: `.tensorNotFound`, or `.invalidTensor` when `format` is `.f32`.
    /// - Complexity: O(n) in the tensor's element count.
    public func halfBits(named name: String, as format: SafeTensorsDType) throws(SafeTensorsError) -> [UInt16] {
        guard format.byteSize == 2 else {
            throw .invalidTensor(name: name, reason: "16-bit patterns cannot be \(format.rawValue)")
        }
        let view = try tensor(named: name)
        if view.dtype == format {
            return view.withUnsafeBytes { SafeTensorsDType.patterns($0, count: view.info.elementCount) }
        }
        return view.floats().withUnsafeBufferPointer { format.narrow($0) }
    }

    /// A tensor's bytes inside a mapped file; holds the mapping alive.
    public struct TensorView: Sendable {
        /// Name, dtype, shape and byte range.
        public let info: SafeTensorsTensorInfo
        fileprivate let storage: SafeTensorsStorage
        fileprivate let start: Int

        public var name: String { info.name }
        public var dtype: SafeTensorsDType { info.dtype }
        public var shape: [Int] { info.shape }

        /// Calls `body` with the tensor's raw little-endian bytes.
        ///
        /// The bytes may not be aligned for their element type (safetensors does not
        /// require it): read them with `loadUnaligned`. The pointer must not escape `body`.
        public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
            try body(UnsafeRawBufferPointer(rebasing: storage.bytes[start ..< start + info.dataRange.count]))
        }

        /// The elements as Float.
        ///
        /// - Complexity: O(n) in the element count.
        public func floats() -> [Float] {
            [Float](unsafeUninitializedCapacity: info.elementCount) { buffer, initialized in
                decode(into: buffer)
                initialized = info.elementCount
            }
        }

        /// Writes exactly `info.elementCount` floats to `destination`.
        fileprivate func decode(into destination: UnsafeMutableBufferPointer<Float>) {
            guard let out = destination.baseAddress else { return }
            withUnsafeBytes { raw in info.dtype.decode(raw, into: out, count: info.elementCount) }
        }
    }
}

/// The bytes of an opened file: a read-only mapping, or a heap copy for in-memory files.
/// Owned by one `SafeTensorsFile` and its views; released when the last of them goes.
final class SafeTensorsStorage: @unchecked Sendable {  // immutable after init; read-only memory
    let bytes: UnsafeRawBufferPointer
    private let mapped: Bool

    var count: Int { bytes.count }

    init(mapping path: String) throws(SafeTensorsError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(file: path, reason: Self.systemError()) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .cannotOpen(file: path, reason: Self.systemError()) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .cannotOpen(file: path, reason: "not a regular file")
        }
        let size = Int(status.st_size)
        guard size >= 8 else { throw .fileTooSmall(file: path, size: size) }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0),
              address != UnsafeMutableRawPointer(bitPattern: -1)
        else { throw .cannotOpen(file: path, reason: "mmap failed: \(Self.systemError())") }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
        mapped = true
    }

    init(copying source: [UInt8]) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: source.count, alignment: 16)
        copy.copyBytes(from: source)
        bytes = UnsafeRawBufferPointer(copy)
        mapped = false
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
        } else {
            bytes.deallocate()
        }
    }

    private static func systemError() -> String { String(cString: strerror(errno)) }
}
