// Every way a safetensors file can be wrong, each with a message a user can act on.

/// An error reading or writing a safetensors checkpoint.
///
/// Reader errors name the file and, where there is one, the tensor; the description reads
/// like `model.safetensors: tensor "layers.0.wq": data_offsets [0, 99] do not match shape
/// [16, 16] of F32 (1024 bytes)`. Names taken from a file are quoted with control
/// characters escaped and cut to 80 characters, so a hostile file cannot garble a terminal.
public enum SafeTensorsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened, inspected or mapped (`reason` is the system's).
    case cannotOpen(file: String, reason: String)
    /// The file is shorter than the 8-byte header length field.
    case fileTooSmall(file: String, size: Int)
    /// The header length field is larger than curio will ever accept.
    case headerTooLarge(file: String, length: UInt64, limit: Int)
    /// The header length field points past the end of the file.
    case headerBeyondFile(file: String, length: UInt64, available: Int)
    /// The header bytes are not UTF-8.
    case headerNotUTF8(file: String)
    /// The header is not well-formed JSON; `offset` counts bytes from the start of the header.
    case invalidJSON(file: String, offset: Int, reason: String)
    /// The header is JSON but not an object (`found` names what it is).
    case headerNotObject(file: String, found: String)
    /// `__metadata__` is not an object of string values.
    case invalidMetadata(file: String, reason: String)
    /// A tensor entry is not an object with exactly `dtype`, `shape` and `data_offsets`.
    case invalidEntry(file: String, tensor: String, reason: String)
    /// A tensor's dtype is not one curio reads (F32, F16, BF16).
    case unsupportedDType(file: String, tensor: String, dtype: String)
    /// A tensor's shape is not a list of non-negative integers.
    case invalidShape(file: String, tensor: String, reason: String)
    /// A tensor's element or byte count does not fit in a machine integer.
    case shapeOverflow(file: String, tensor: String, shape: [Int], dtype: SafeTensorsDType)
    /// A tensor's `data_offsets` is not a pair of non-negative integers with begin ≤ end.
    case invalidOffsets(file: String, tensor: String, reason: String)
    /// A tensor's byte range does not have the size its shape and dtype require.
    case offsetsMismatch(file: String, tensor: String, begin: UInt64, end: UInt64,
                         shape: [Int], dtype: SafeTensorsDType, expectedBytes: Int)
    /// A tensor's byte range runs past the end of the data section (a truncated file).
    case offsetsBeyondData(file: String, tensor: String, begin: UInt64, end: UInt64, dataSize: Int)
    /// Two tensors claim some of the same bytes.
    case overlap(file: String, tensor: String, other: String)
    /// Some bytes of the data section belong to no tensor (the format forbids holes).
    case hole(file: String, begin: Int, end: Int)
    /// No tensor of that name is in the file.
    case tensorNotFound(file: String, name: String)
    /// A destination buffer does not have room for a tensor's elements.
    case destinationTooSmall(file: String, tensor: String, needed: Int, available: Int)
    /// A tensor handed to the writer is inconsistent (shape, name, dtype).
    case invalidTensor(name: String, reason: String)
    /// Writing the file failed; any previous file at that path is untouched.
    case writeFailed(file: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(file, reason):
            "\(file): cannot open: \(reason)"
        case let .fileTooSmall(file, size):
            "\(file): \(size) bytes is too short for a safetensors file (it must start with an 8-byte header length)"
        case let .headerTooLarge(file, length, limit):
            "\(file): header length \(length) exceeds the \(limit)-byte limit; the file is corrupt or not a safetensors file"
        case let .headerBeyondFile(file, length, available):
            "\(file): header length \(length) runs past the end of the file (\(available) bytes follow the length field); the file is truncated or not a safetensors file"
        case let .headerNotUTF8(file):
            "\(file): header is not valid UTF-8"
        case let .invalidJSON(file, offset, reason):
            "\(file): header is not valid JSON at byte \(offset): \(reason)"
        case let .headerNotObject(file, found):
            "\(file): header is a JSON \(found), expected an object of tensors"
        case let .invalidMetadata(file, reason):
            "\(file): __metadata__ \(reason)"
        case let .invalidEntry(file, tensor, reason):
            "\(file): tensor \(Self.quote(tensor)): \(reason)"
        case let .unsupportedDType(file, tensor, dtype):
            "\(file): tensor \(Self.quote(tensor)): dtype \(Self.quote(dtype)) is not supported (curio reads F32, F16 and BF16)"
        case let .invalidShape(file, tensor, reason):
            "\(file): tensor \(Self.quote(tensor)): shape \(reason)"
        case let .shapeOverflow(file, tensor, shape, dtype):
            "\(file): tensor \(Self.quote(tensor)): shape \(shape) of \(dtype.rawValue) is too large (its byte count overflows)"
        case let .invalidOffsets(file, tensor, reason):
            "\(file): tensor \(Self.quote(tensor)): data_offsets \(reason)"
        case let .offsetsMismatch(file, tensor, begin, end, shape, dtype, expectedBytes):
            "\(file): tensor \(Self.quote(tensor)): data_offsets [\(begin), \(end)] do not match shape \(shape) of \(dtype.rawValue) (\(expectedBytes) bytes)"
        case let .offsetsBeyondData(file, tensor, begin, end, dataSize):
            "\(file): tensor \(Self.quote(tensor)): data_offsets [\(begin), \(end)] run past the end of the data section (\(dataSize) bytes); the file is truncated"
        case let .overlap(file, tensor, other):
            "\(file): tensors \(Self.quote(other)) and \(Self.quote(tensor)) overlap"
        case let .hole(file, begin, end):
            "\(file): bytes [\(begin), \(end)) of the data section belong to no tensor (the format allows no holes)"
        case let .tensorNotFound(file, name):
            "\(file): no tensor named \(Self.quote(name))"
        case let .destinationTooSmall(file, tensor, needed, available):
            "\(file): tensor \(Self.quote(tensor)) has \(needed) elements but the destination has room for \(available)"
        case let .invalidTensor(name, reason):
            "tensor \(Self.quote(name)): \(reason)"
        case let .writeFailed(file, reason):
            "\(file): cannot write: \(reason) (any previous file is unchanged)"
        }
    }
}

extension SafeTensorsError {
    /// `text` in double quotes, invisible characters escaped, at most 80 characters kept.
    static func quote(_ text: String) -> String {
        let limit = 80
        var body = ""
        var kept = 0
        for scalar in text.unicodeScalars {
            if kept == limit { body += "…"; break }
            kept += 1
            switch scalar {
            case "\"": body += "\\\""
            case "\\": body += "\\\\"
            // Control characters, and format characters such as bidi overrides, which
            // could make a terminal show something other than the name.
            case _ where [.control, .format, .lineSeparator, .paragraphSeparator]
                .contains(scalar.properties.generalCategory):
                body += "\\u{\(String(scalar.value, radix: 16))}"
            default: body.unicodeScalars.append(scalar)
            }
        }
        return "\"\(body)\""
    }
}
