// A small strict JSON (RFC 8259) reader and writer for safetensors headers.
//
// Why not JSONSerialization: it rounds numbers through Double (2^53 + 1 and 1.0 become
// indistinguishable from valid offsets and dimensions), silently keeps the last of two
// duplicate keys, and reports errors without a position. A header is small and its
// grammar fixed, so a strict parser that keeps number lexemes is simpler to trust.

/// A parsed JSON value. Numbers keep their source text; objects keep key order.
enum HeaderJSON {
    case object([(key: String, value: HeaderJSON)])
    case array([HeaderJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// What kind of value this is, for error messages ("an array").
    var kind: String {
        switch self {
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        }
    }
}

/// Where and why a header failed to parse.
struct HeaderJSONFailure: Error {
    var offset: Int
    var reason: String
}

/// Recursive-descent parser over the header bytes (already checked to be UTF-8).
struct HeaderJSONParser {
    /// Deeper nesting than this is refused, so hostile input cannot exhaust the stack.
    static let maxDepth = 32

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    /// Parses `bytes` as exactly one JSON value, allowing surrounding whitespace.
    ///
    /// - Complexity: O(n) in the header length.
    static func parse(_ bytes: [UInt8]) throws(HeaderJSONFailure) -> HeaderJSON {
        var parser = HeaderJSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index < bytes.count { throw parser.failure("unexpected \(parser.describeNext()) after the value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func failure(_ reason: String) -> HeaderJSONFailure {
        HeaderJSONFailure(offset: index, reason: reason)
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private func describeNext() -> String {
        guard let byte = peek() else { return "end of header" }
        if byte >= 0x21 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(HeaderJSONFailure) {
        guard peek() == byte else { throw failure("expected \(what), found \(describeNext())") }
        index += 1
    }

    private mutating func parseValue() throws(HeaderJSONFailure) -> HeaderJSON {
        guard let byte = peek() else { throw failure("expected a value, found end of header") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        default: throw failure("expected a value, found \(describeNext())")
        }
    }

    private mutating func parseLiteral(_ word: String) throws(HeaderJSONFailure) {
        let start = index
        for expected in word.utf8 {
            guard peek() == expected else { index = start; throw failure("expected a value, found \(describeNext())") }
            index += 1
        }
    }

    private mutating func enter() throws(HeaderJSONFailure) {
        depth += 1
        if depth > Self.maxDepth { throw failure("nesting deeper than \(Self.maxDepth) levels") }
    }

    private mutating func parseObject() throws(HeaderJSONFailure) -> HeaderJSON {
        try enter()
        index += 1  // "{"
        var members: [(key: String, value: HeaderJSON)] = []
        var seen = Set<String>()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { index += 1; depth -= 1; return .object(members) }
        while true {
            skipWhitespace()
            let keyStart = index
            guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string key, found \(describeNext())") }
            let key = try parseString()
            if !seen.insert(key).inserted {
                throw HeaderJSONFailure(offset: keyStart, reason: "duplicate key \(SafeTensorsError.quote(key))")
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after a key")
            skipWhitespace()
            members.append((key, try parseValue()))
            skipWhitespace()
            if peek() == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "}"), "',' or '}' in an object")
            depth -= 1
            return .object(members)
        }
    }

    private mutating func parseArray() throws(HeaderJSONFailure) -> HeaderJSON {
        try enter()
        index += 1  // "["
        var elements: [HeaderJSON] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { index += 1; depth -= 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            if peek() == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "]"), "',' or ']' in an array")
            depth -= 1
            return .array(elements)
        }
    }

    private mutating func parseNumber() throws(HeaderJSONFailure) -> String {
        let start = index
        func digits(_ parser: inout HeaderJSONParser) -> Int {
            var count = 0
            while let byte = parser.peek(), byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                parser.index += 1
                count += 1
            }
            return count
        }
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") {
            index += 1
        } else if digits(&self) == 0 {
            throw failure("expected a digit, found \(describeNext())")
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            if digits(&self) == 0 { throw failure("expected a digit after '.', found \(describeNext())") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            if digits(&self) == 0 { throw failure("expected a digit in the exponent, found \(describeNext())") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func parseString() throws(HeaderJSONFailure) -> String {
        index += 1  // opening quote
        var utf8: [UInt8] = []
        while true {
            guard let byte = peek() else { throw failure("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                try parseEscape(into: &utf8)
            case 0..<0x20:
                throw failure("control character 0x\(String(byte, radix: 16)) inside a string")
            default:
                utf8.append(byte)
                index += 1
            }
        }
    }

    private mutating func parseEscape(into utf8: inout [UInt8]) throws(HeaderJSONFailure) {
        guard let byte = peek() else { throw failure("unterminated string") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var value = try parseHex4()
            if (0xD800..<0xDC00).contains(value) {  // high surrogate: a low one must follow
                guard peek() == UInt8(ascii: "\\") else { throw failure("unpaired surrogate \\u\(String(value, radix: 16))") }
                index += 1
                guard peek() == UInt8(ascii: "u") else { throw failure("unpaired surrogate \\u\(String(value, radix: 16))") }
                index += 1
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate \\u\(String(value, radix: 16))") }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(value) {
                throw failure("unpaired surrogate \\u\(String(value, radix: 16))")
            }
            guard let scalar = Unicode.Scalar(value) else { throw failure("invalid code point") }
            utf8.append(contentsOf: String(Character(scalar)).utf8)
        default:
            index -= 1
            throw failure("invalid escape '\\\(describeNext())'")
        }
    }

    private mutating func parseHex4() throws(HeaderJSONFailure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw failure("unterminated \\u escape") }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("expected a hex digit in a \\u escape, found \(describeNext())")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}

extension HeaderJSON {
    /// Appends `text` to `out` as a JSON string literal, escaped exactly as serde_json (the
    /// reference implementation's encoder) escapes: short forms for quote, backslash and
    /// \b \f \n \r \t, `\u00XX` for other control characters, everything else verbatim UTF-8.
    static func appendString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
