import Foundation

/// One tab-separated file of a catalog, read whole into memory and parsed as bytes.
///
/// The catalog format is deliberately simple (one header row, `\n` line ends, no
/// quoting, an empty cell means unknown), so rows are cut at tab and newline bytes
/// directly: splitting 100k lines into `String`s first would cost more than the
/// whole load budget (< 100 ms for the default catalog).
struct TSVFile {
    /// The file name as shown in errors ("items.tsv").
    let name: String
    let bytes: [UInt8]

    /// Wraps `bytes` (a UTF-8 byte-order mark, which some editors add, is skipped).
    init(name: String, bytes: [UInt8]) {
        self.name = name
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            self.bytes = Array(bytes.dropFirst(3))
        } else {
            self.bytes = bytes
        }
    }

    /// Reads `directory/name` in one go.
    static func read(named name: String, in directory: String) throws -> TSVFile {
        TSVFile(name: name, bytes: try readCatalogFile(named: name, in: directory))
    }

    /// Validates UTF-8 and the header, then calls `body` once per data row, in order.
    ///
    /// Every row must have exactly `columns.count` cells; an empty line, a `\r` line
    /// end, or a short or long row is an error naming the line.
    /// - Complexity: O(file size).
    func forEachRow(columns: [String], _ body: (TSVRow) throws -> Void) throws {
        var start = try dataStart(columns: columns)
        var line = 1
        while start < bytes.count {
            line += 1
            let (row, next) = try row(startingAt: start, line: line, columns: columns)
            try body(row)
            start = next
        }
    }

    /// Checks UTF-8 and the header row; returns the offset where line 2 starts.
    func dataStart(columns: [String]) throws -> Int {
        if let bad = firstInvalidUTF8(bytes) {
            throw CatalogError.invalid(file: name, line: lineNumber(atOffset: bad),
                                       message: "invalid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at column \(columnNumber(atOffset: bad)))")
        }
        if bytes.isEmpty {
            throw CatalogError.invalid(file: name, line: 1, message: "empty file; expected a header row: \(columns.joined(separator: " "))")
        }
        let (header, next) = try split(startingAt: 0, line: 1, columns: columns)
        if header.cells.count == 1 && header.cells[0].isEmpty {
            throw CatalogError.invalid(file: name, line: 1, message: "empty header row; expected: \(columns.joined(separator: " "))")
        }
        try checkHeader(header, columns: columns)
        return next
    }

    /// The data row starting at byte `start` (line number `line`), checked for shape:
    /// no `\r` line end, not empty, exactly `columns.count` cells. Also returns where
    /// the next line starts.
    func row(startingAt start: Int, line: Int, columns: [String]) throws -> (TSVRow, next: Int) {
        let (row, next) = try split(startingAt: start, line: line, columns: columns)
        if row.cells.count == 1 && row.cells[0].isEmpty {
            throw CatalogError.invalid(file: name, line: line, message: "empty line")
        }
        try row.checkCellCount()
        return (row, next)
    }

    private func split(startingAt start: Int, line: Int, columns: [String]) throws -> (TSVRow, next: Int) {
        var cells: [Range<Int>] = []
        cells.reserveCapacity(columns.count)
        var cellStart = start
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A { break }
            if b == 0x09 {
                cells.append(cellStart..<i)
                cellStart = i + 1
            }
            i += 1
        }
        cells.append(cellStart..<i)
        if i > start, bytes[i - 1] == 0x0D {
            throw CatalogError.invalid(file: name, line: line, message: "line ends with \\r\\n; catalog files use \\n line ends")
        }
        return (TSVRow(file: name, line: line, bytes: bytes, columns: columns, cells: cells), i + 1)
    }

    private func checkHeader(_ row: TSVRow, columns: [String]) throws {
        let found = row.cells.map { row.string($0) }
        guard found != columns else { return }
        let message: String
        if let k = (0..<min(found.count, columns.count)).first(where: { found[$0] != columns[$0] }) {
            message = "header column \(k + 1) is \"\(found[k].sanitizedForTerminal)\", expected \"\(columns[k])\" (columns: \(columns.joined(separator: " ")))"
        } else if found.count < columns.count {
            message = "header is missing column(s) \(columns[found.count...].joined(separator: " "))"
        } else {
            message = "header has unexpected extra column(s) \(found[columns.count...].map(\.sanitizedForTerminal).joined(separator: " "))"
        }
        throw CatalogError.invalid(file: name, line: 1, message: message)
    }

    /// The 1-based line holding byte `offset`.
    func lineNumber(atOffset offset: Int) -> Int {
        var line = 1
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A { line += 1 }
        return line
    }

    /// The 1-based byte column of `offset` within its line.
    func columnNumber(atOffset offset: Int) -> Int {
        var i = offset
        while i > 0 && bytes[i - 1] != 0x0A { i -= 1 }
        return offset - i + 1
    }
}

/// Reads a whole catalog file, turning "missing" and "unreadable" into `CatalogError`s.
func readCatalogFile(named name: String, in directory: String) throws -> [UInt8] {
    let path = (directory as NSString).appendingPathComponent(name)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw CatalogError.missingFile(file: name, directory: directory)
    }
    if isDirectory.boolValue {
        throw CatalogError.unreadable(file: name, reason: "it is a directory")
    }
    do {
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
        throw CatalogError.unreadable(file: name, reason: (error as NSError).localizedDescription)
    }
}

/// The offset of the first byte that is not part of well-formed UTF-8, if any.
///
/// Follows the Unicode well-formedness table (no overlong forms, no surrogates,
/// nothing above U+10FFFF). ASCII, the overwhelmingly common case, costs one compare.
func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var i = 0
    let n = bytes.count
    while i < n {
        let b0 = bytes[i]
        if b0 < 0x80 { i += 1; continue }
        let length: Int
        var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: return i
        }
        guard i + length <= n else { return i }
        let b1 = bytes[i + 1]
        guard b1 >= lower && b1 <= upper else { return i }
        for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return i }
        i += length
    }
    return nil
}
