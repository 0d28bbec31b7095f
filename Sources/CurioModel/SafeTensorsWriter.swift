// Writing safetensors checkpoints: deterministic bytes, written atomically.

/// Collects named tensors and metadata, then writes them as one safetensors file.
///
/// Values are converted when added (F16 and BF16 round to nearest, ties to even; see
/// `HalfConversion`), so the writer holds exactly the bytes it will write. Output is
/// deterministic and laid out as the reference implementation (Python's `safetensors`
/// 0.8) lays it out: tensors ordered F32, then BF16, then F16, each group by name (UTF-8
/// byte order); the header lists `__metadata__` (keys sorted) and then the tensors in that
/// same order, padded with spaces to 8 bytes. So every tensor is aligned for its element
/// type when the file is mapped, and a file with at most one metadata entry is
/// byte-identical to what `safetensors.numpy.save` writes for the same tensors (the
/// reference writes metadata in hash order, so with more entries only the order differs).
///
/// ```swift
/// var writer = SafeTensorsWriter(metadata: ["config": configJSON])
/// try writer.add("tok_emb", values: parameters[0 ..< V * C], shape: [V, C], dtype: .bf16)
/// try writer.write(to: "model.safetensors")
/// ```
public struct SafeTensorsWriter: Sendable {
    /// The `__metadata__` map written into the header (omitted when empty).
    public var metadata: [String: String]

    private struct Entry: Sendable {
        var dtype: SafeTensorsDType
        var shape: [Int]
        var bytes: [UInt8]
    }

    private var entries: [String: Entry] = [:]

    /// An empty writer with the given metadata.
    public init(metadata: [String: String] = [:]) {
        self.metadata = metadata
    }

    /// Names of the tensors added so far, sorted.
    public var names: [String] { entries.keys.sorted() }

    /// Adds tensor `name` holding `values` (row-major, outermost dimension first), stored
    /// as `dtype`.
    ///
    /// - Throws: `.invalidTensor` when the name is empty, reserved (`__metadata__`) or
    ///   already used, or when the shape has a negative dimension or does not hold exactly
    ///   `values.count` elements.
    /// - Complexity: O(n) in the number of values.
    public mutating func add(_ name: String, values: some Collection<Float>, shape: [Int],
                             dtype: SafeTensorsDType = .f32) throws(SafeTensorsError) {
        try checkNew(name, shape: shape, count: values.count)
        // One generic call, then a concrete loop: iterating `some Collection` element by
        // element through its witness table is ~100x slower than a buffer.
        let bytes = values.withContiguousStorageIfAvailable { dtype.encode($0) }
            ?? Array(values).withUnsafeBufferPointer { dtype.encode($0) }
        entries[name] = Entry(dtype: dtype, shape: shape, bytes: bytes)
    }

    /// Adds tensor `name` from 16-bit patterns already in `dtype` (`.f16` or `.bf16`), e.g.
    /// weights the kernels keep as bf16; the bits are written unchanged.
    ///
    /// - Throws: `.invalidTensor` as for `add(_:values:shape:dtype:)`, or when `dtype` is `.f32`.
    /// - Complexity: O(n) in the number of values.
    public mutating func add(_ name: String, bits: some Collection<UInt16>, shape: [Int],
                             dtype: SafeTensorsDType) throws(SafeTensorsError) {
        guard dtype.byteSize == 2 else {
            throw .invalidTensor(name: name, reason: "16-bit patterns cannot be stored as \(dtype.rawValue)")
        }
        try checkNew(name, shape: shape, count: bits.count)
        let bytes = bits.withContiguousStorageIfAvailable { SafeTensorsDType.encode($0) }
            ?? Array(bits).withUnsafeBufferPointer { SafeTensorsDType.encode($0) }
        entries[name] = Entry(dtype: dtype, shape: shape, bytes: bytes)
    }

    private func checkNew(_ name: String, shape: [Int], count: Int) throws(SafeTensorsError) {
        if name.isEmpty { throw .invalidTensor(name: name, reason: "the name is empty") }
        if name == "__metadata__" { throw .invalidTensor(name: name, reason: "the name is reserved for metadata") }
        if entries[name] != nil { throw .invalidTensor(name: name, reason: "a tensor of this name was already added") }
        if let negative = shape.first(where: { $0 < 0 }) {
            throw .invalidTensor(name: name, reason: "shape \(shape) has a negative dimension (\(negative))")
        }
        var product = 1
        for size in shape {
            let (next, overflow) = product.multipliedReportingOverflow(by: size)
            if overflow { throw .invalidTensor(name: name, reason: "shape \(shape) has too many elements") }
            product = next
        }
        if product != count {
            throw .invalidTensor(name: name, reason: "\(count) values do not fill shape \(shape) (\(product) elements)")
        }
    }

    /// The tensors in data-section order: widest dtype first (alignment), then by name.
    private var dataOrder: [(name: String, entry: Entry)] {
        entries.map { (name: $0.key, entry: $0.value) }.sorted { left, right in
            let (l, r) = (left.entry.dtype.referenceOrder, right.entry.dtype.referenceOrder)
            return l != r ? l > r : left.name.utf8.lexicographicallyPrecedes(right.name.utf8)
        }
    }

    /// The 8-byte length field and the space-padded JSON header.
    private func headerBytes(for order: [(name: String, entry: Entry)]) -> [UInt8] {
        var json = "{"
        var first = true
        if !metadata.isEmpty {
            json += "\"__metadata__\":{"
            let keys = metadata.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { json += "," }
                HeaderJSON.appendString(key, to: &json)
                json += ":"
                HeaderJSON.appendString(metadata[key]!, to: &json)
            }
            json += "}"
            first = false
        }
        var begin = 0
        for (name, entry) in order {
            let end = begin + entry.bytes.count
            defer { begin = end }
            if !first { json += "," }
            first = false
            HeaderJSON.appendString(name, to: &json)
            json += ":{\"dtype\":\"\(entry.dtype.rawValue)\",\"shape\":["
            json += entry.shape.map(String.init).joined(separator: ",")
            json += "],\"data_offsets\":[\(begin),\(end)]}"
        }
        json += "}"
        var header = Array(json.utf8)
        while (8 + header.count) % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header)
        return bytes
    }

    /// The complete file contents.
    ///
    /// - Complexity: O(total bytes).
    public func serialized() -> [UInt8] {
        let order = dataOrder
        var bytes = headerBytes(for: order)
        bytes.reserveCapacity(bytes.count + order.reduce(0) { $0 + $1.entry.bytes.count })
        for (_, entry) in order { bytes.append(contentsOf: entry.bytes) }
        return bytes
    }

    /// Writes the file to `path` atomically (see `AtomicFile`): on error the previous
    /// file at `path`, if any, is untouched.
    ///
    /// - Throws: `.writeFailed` naming the step that failed.
    /// - Complexity: O(total bytes).
    public func write(to path: String) throws(SafeTensorsError) {
        let order = dataOrder
        do {
            try AtomicFile.write(to: path) { output in
                try output.write(headerBytes(for: order))
                for (_, entry) in order { try output.write(entry.bytes) }
            }
        } catch let error as AtomicFileError {
            throw .writeFailed(file: path, reason: error.reason)
        } catch {
            throw .writeFailed(file: path, reason: "\(error)")
        }
    }
}
