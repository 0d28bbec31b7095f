// Validation of a safetensors header: everything is checked before any tensor byte is read.
//
// Format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header length N,
// N bytes of UTF-8 JSON mapping tensor names to {dtype, shape, data_offsets} plus an optional
// "__metadata__" object of strings, then the data section. Offsets are relative to the data
// section; tensors must not overlap and must cover it completely.

/// Where one tensor lives in a safetensors file, as validated from its header.
public struct SafeTensorsTensorInfo: Sendable, Equatable {
    /// The tensor's name, e.g. `layers.0.wq`.
    public let name: String
    /// How the elements are stored.
    public let dtype: SafeTensorsDType
    /// Dimensions, outermost first; `[]` is a scalar (one element).
    public let shape: [Int]
    /// The product of `shape`.
    public let elementCount: Int
    /// The tensor's bytes within the data section (`elementCount × dtype.byteSize` of them).
    public let dataRange: Range<Int>
}

/// A validated header: tensor table and metadata.
struct SafeTensorsHeader {
    /// Header lengths above this are refused before anything is allocated (Python's
    /// safetensors uses the same 100 MB cap).
    static let maxHeaderLength = 100_000_000

    /// Tensors sorted by name.
    var tensors: [SafeTensorsTensorInfo]
    var metadata: [String: String]

    /// Checks the header length field against the file size and the cap.
    ///
    /// - Returns: the header length, now known to fit in the file.
    static func validatedHeaderLength(_ length: UInt64, fileSize: Int, file: String) throws(SafeTensorsError) -> Int {
        if length > UInt64(maxHeaderLength) {
            throw .headerTooLarge(file: file, length: length, limit: maxHeaderLength)
        }
        if length > UInt64(fileSize - 8) {
            throw .headerBeyondFile(file: file, length: length, available: fileSize - 8)
        }
        return Int(length)
    }

    /// Parses and validates the header JSON for a data section of `dataSize` bytes.
    ///
    /// - Complexity: O(h + t log t) for a header of h bytes naming t tensors.
    init(json: [UInt8], dataSize: Int, file: String) throws(SafeTensorsError) {
        guard Self.isValidUTF8(json) else { throw .headerNotUTF8(file: file) }
        let root: HeaderJSON
        do {
            root = try HeaderJSONParser.parse(json)
        } catch {
            throw .invalidJSON(file: file, offset: error.offset, reason: error.reason)
        }
        guard case .object(let members) = root else { throw .headerNotObject(file: file, found: root.kind) }

        var tensors: [SafeTensorsTensorInfo] = []
        var metadata: [String: String] = [:]
        for (key, value) in members {
            if key == "__metadata__" {
                metadata = try Self.metadata(from: value, file: file)
            } else {
                tensors.append(try Self.tensor(named: key, from: value, dataSize: dataSize, file: file))
            }
        }
        try Self.checkCoverage(tensors, dataSize: dataSize, file: file)
        self.tensors = tensors.sorted { $0.name < $1.name }
        self.metadata = metadata
    }

    private static func metadata(from value: HeaderJSON, file: String) throws(SafeTensorsError) -> [String: String] {
        guard case .object(let members) = value else {
            throw .invalidMetadata(file: file, reason: "is a JSON \(value.kind), expected an object of strings")
        }
        var metadata: [String: String] = [:]
        for (key, value) in members {
            guard case .string(let text) = value else {
                throw .invalidMetadata(file: file, reason: "value of \(SafeTensorsError.quote(key)) is a JSON \(value.kind), expected a string")
            }
            metadata[key] = text
        }
        return metadata
    }

    private static func tensor(named name: String, from value: HeaderJSON, dataSize: Int,
                               file: String) throws(SafeTensorsError) -> SafeTensorsTensorInfo {
        guard case .object(let members) = value else {
            throw .invalidEntry(file: file, tensor: name, reason: "entry is a JSON \(value.kind), expected an object")
        }
        var dtypeValue: HeaderJSON?, shapeValue: HeaderJSON?, offsetsValue: HeaderJSON?
        for (key, field) in members {
            switch key {
            case "dtype": dtypeValue = field
            case "shape": shapeValue = field
            case "data_offsets": offsetsValue = field
            default: throw .invalidEntry(file: file, tensor: name, reason: "unknown field \(SafeTensorsError.quote(key))")
            }
        }
        guard let dtypeValue, let shapeValue, let offsetsValue else {
            let missing = [("dtype", dtypeValue), ("shape", shapeValue), ("data_offsets", offsetsValue)]
                .filter { $0.1 == nil }.map(\.0).joined(separator: ", ")
            throw .invalidEntry(file: file, tensor: name, reason: "missing \(missing)")
        }

        guard case .string(let dtypeName) = dtypeValue else {
            throw .invalidEntry(file: file, tensor: name, reason: "dtype is a JSON \(dtypeValue.kind), expected a string")
        }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            throw .unsupportedDType(file: file, tensor: name, dtype: dtypeName)
        }

        guard case .array(let dimensions) = shapeValue else {
            throw .invalidShape(file: file, tensor: name, reason: "is a JSON \(shapeValue.kind), expected an array of integers")
        }
        var shape: [Int] = []
        for (axis, dimension) in dimensions.enumerated() {
            switch integer(dimension) {
            case .value(let size) where size <= UInt64(Int.max): shape.append(Int(size))
            case .value(let size): throw .invalidShape(file: file, tensor: name, reason: "dimension \(axis) (\(size)) is too large")
            case .problem(let problem): throw .invalidShape(file: file, tensor: name, reason: "dimension \(axis) \(problem)")
            }
        }
        var elementCount = 1
        for size in shape {
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: size)
            if overflow { throw .shapeOverflow(file: file, tensor: name, shape: shape, dtype: dtype) }
            elementCount = product
        }
        let (byteCount, overflow) = elementCount.multipliedReportingOverflow(by: dtype.byteSize)
        if overflow { throw .shapeOverflow(file: file, tensor: name, shape: shape, dtype: dtype) }

        guard case .array(let offsets) = offsetsValue, offsets.count == 2 else {
            throw .invalidOffsets(file: file, tensor: name, reason: "must be an array of two integers [begin, end]")
        }
        var bounds: [UInt64] = []
        for (position, offset) in zip(["begin", "end"], offsets) {
            switch integer(offset) {
            case .value(let value): bounds.append(value)
            case .problem(let problem): throw .invalidOffsets(file: file, tensor: name, reason: "\(position) \(problem)")
            }
        }
        let (begin, end) = (bounds[0], bounds[1])
        if begin > end {
            throw .invalidOffsets(file: file, tensor: name, reason: "[\(begin), \(end)] end before they begin")
        }
        if end - begin != UInt64(byteCount) {
            throw .offsetsMismatch(file: file, tensor: name, begin: begin, end: end,
                                   shape: shape, dtype: dtype, expectedBytes: byteCount)
        }
        if end > UInt64(dataSize) {
            throw .offsetsBeyondData(file: file, tensor: name, begin: begin, end: end, dataSize: dataSize)
        }
        return SafeTensorsTensorInfo(name: name, dtype: dtype, shape: shape, elementCount: elementCount,
                                     dataRange: Int(begin)..<Int(end))
    }

    /// Tensors must tile the data section exactly: sorted by offset, each begins where the
    /// previous one ended, and the last ends at the end of the data.
    private static func checkCoverage(_ tensors: [SafeTensorsTensorInfo], dataSize: Int,
                                      file: String) throws(SafeTensorsError) {
        let ordered = tensors.sorted {
            ($0.dataRange.lowerBound, $0.dataRange.upperBound, $0.name)
                < ($1.dataRange.lowerBound, $1.dataRange.upperBound, $1.name)
        }
        var covered = 0
        var previous: SafeTensorsTensorInfo?
        for tensor in ordered {
            if tensor.dataRange.lowerBound < covered, let previous {
                throw .overlap(file: file, tensor: tensor.name, other: previous.name)
            }
            if tensor.dataRange.lowerBound > covered {
                throw .hole(file: file, begin: covered, end: tensor.dataRange.lowerBound)
            }
            covered = tensor.dataRange.upperBound
            if !tensor.dataRange.isEmpty { previous = tensor }
        }
        if covered < dataSize { throw .hole(file: file, begin: covered, end: dataSize) }
    }

    /// Whether `bytes` is well-formed UTF-8 (no overlong forms, surrogates or truncation).
    private static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    private enum ParsedInteger {
        case value(UInt64)
        case problem(String)
    }

    /// A JSON number that must be a non-negative integer, parsed exactly.
    private static func integer(_ value: HeaderJSON) -> ParsedInteger {
        guard case .number(let text) = value else { return .problem("is a JSON \(value.kind), expected an integer") }
        if text.hasPrefix("-") { return text.utf8.dropFirst().allSatisfy({ $0 == UInt8(ascii: "0") }) ? .value(0) : .problem("is negative (\(text))") }
        guard let parsed = UInt64(text) else {
            if text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                return .problem("(\(text.prefix(40))) is too large")
            }
            return .problem("is not an integer (\(text.prefix(40)))")
        }
        return .value(parsed)
    }
}
