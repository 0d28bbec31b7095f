/// Finds the first syntax error in JSON text, with its line and column.
///
/// Foundation's decoder on Linux only says "The given data was not valid JSON", which
/// leaves a user hunting through `catalog.json`; this small recursive-descent scanner
/// (RFC 8259 grammar, no value building) says where and what.
struct JSONSyntaxCheck {
    struct Failure: Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    private let bytes: [UInt8]
    private var position = 0
    /// Deeper nesting than this is reported rather than recursed into.
    private static let maxDepth = 256

    /// The first syntax error in `bytes`, or nil when they are one valid JSON value.
    static func firstError(in bytes: [UInt8]) -> Failure? {
        var scanner = JSONSyntaxCheck(bytes: bytes)
        do {
            try scanner.value(depth: 0)
            scanner.skipSpace()
            if scanner.position < bytes.count { throw scanner.failure("unexpected text after the JSON value") }
            return nil
        } catch let failure as Failure {
            return failure
        } catch {
            return nil
        }
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func failure(_ message: String) -> Failure {
        var line = 1, column = 1
        for b in bytes[..<min(position, bytes.count)] {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        let found = position < bytes.count ? " at \"\(String(decoding: [bytes[position]], as: UTF8.self).sanitizedForTerminal)\"" : " at end of file"
        return Failure(line: line, column: column, message: message + found)
    }

    private mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else { throw failure("expected \(what)") }
        position += 1
    }

    private mutating func value(depth: Int) throws {
        guard depth < Self.maxDepth else { throw failure("nested too deeply") }
        skipSpace()
        guard position < bytes.count else { throw failure("expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
                try string()
                try expect(UInt8(ascii: ":"), "':' after a key")
                try value(depth: depth + 1)
                skipSpace()
                guard position < bytes.count else { throw failure("expected ',' or '}'") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return }
                throw failure("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            position += 1
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return }
            while true {
                try value(depth: depth + 1)
                skipSpace()
                guard position < bytes.count else { throw failure("expected ',' or ']'") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return }
                throw failure("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            try string()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try number()
        default:
            for literal in ["true", "false", "null"] where bytes[position...].starts(with: literal.utf8) {
                position += literal.utf8.count
                return
            }
            throw failure("expected a value")
        }
    }

    private mutating func string() throws {
        position += 1 // opening quote
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") { position += 1; return }
            if b < 0x20 { throw failure("control character inside a string") }
            if b == UInt8(ascii: "\\") {
                position += 1
                guard position < bytes.count else { break }
                let escaped = bytes[position]
                if escaped == UInt8(ascii: "u") {
                    let hex = bytes[(position + 1)...].prefix(4)
                    guard hex.count == 4, hex.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }) else {
                        throw failure("bad \\u escape")
                    }
                    position += 4
                } else if !"\"\\/bfnrt".utf8.contains(escaped) {
                    throw failure("unknown escape")
                }
            }
            position += 1
        }
        throw failure("unterminated string")
    }

    private mutating func number() throws {
        func digits() -> Int {
            let start = position
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
            return position - start
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard digits() > 0 else { throw failure("expected digits") }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw failure("expected digits after '.'") }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw failure("expected digits in the exponent") }
        }
    }
}

extension JSONSyntaxCheck.Failure: Error {}
