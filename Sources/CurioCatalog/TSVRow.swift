/// One data row of a `TSVFile`: its line number and the byte ranges of its cells.
///
/// The typed accessors return `nil` for an empty cell (unknown) and throw a
/// `CatalogError` naming file, line, column and the offending text otherwise, so
/// loaders never skip or guess.
struct TSVRow {
    let file: String
    var line: Int
    let bytes: [UInt8]
    let columns: [String]
    /// Byte range of each cell, in column order.
    var cells: [Range<Int>]

    func checkCellCount() throws {
        guard cells.count != columns.count else { return }
        if cells.count < columns.count {
            let missing = columns[cells.count...].joined(separator: ", ")
            throw error("expected \(columns.count) tab-separated cells, found \(cells.count) (missing: \(missing))")
        }
        throw error("expected \(columns.count) tab-separated cells, found \(cells.count) (a tab inside a value?)")
    }

    func error(_ message: String) -> CatalogError {
        .invalid(file: file, line: line, message: message)
    }

    func isEmpty(_ column: Int) -> Bool { cells[column].isEmpty }

    /// The cell's text (valid UTF-8 was checked for the whole file).
    func string(_ column: Int) -> String { string(cells[column]) }

    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The cell's text, or nil when empty.
    func optionalString(_ column: Int) -> String? {
        isEmpty(column) ? nil : string(column)
    }

    /// The cell's text; an empty cell is an error (`id`, `title`).
    func requiredString(_ column: Int) throws -> String {
        if isEmpty(column) { throw error("empty \(columns[column]); every row needs one") }
        return string(column)
    }

    /// The cell as an integer, nil when empty.
    func integer(_ column: Int) throws -> Int? {
        let range = cells[column]
        if range.isEmpty { return nil }
        guard let value = parseInteger(bytes, range) else {
            throw error("\(columns[column]) \"\(quoted(range))\" is not an integer")
        }
        return value
    }

    /// The cell as a decimal number ("7.3", "-2", "4."), nil when empty.
    func decimal(_ column: Int) throws -> Double? {
        let range = cells[column]
        if range.isEmpty { return nil }
        guard let value = parseDecimal(bytes, range) else {
            throw error("\(columns[column]) \"\(quoted(range))\" is not a decimal number")
        }
        return value
    }

    /// Cell text for an error message: sanitised and cut to a readable length.
    func quoted(_ range: Range<Int>) -> String {
        let text = string(range).sanitizedForTerminal
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}

/// Parses an optionally signed decimal integer from `bytes[range]`; nil on anything
/// else (spaces, a decimal point, overflow).
func parseInteger(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
    var i = range.lowerBound
    var negative = false
    if i < range.upperBound && (bytes[i] == 0x2D || bytes[i] == 0x2B) {
        negative = bytes[i] == 0x2D
        i += 1
    }
    guard i < range.upperBound else { return nil }
    var value = 0
    while i < range.upperBound {
        let d = Int(bytes[i]) &- 0x30
        guard d >= 0 && d <= 9 else { return nil }
        let (m, o1) = value.multipliedReportingOverflow(by: 10)
        let (s, o2) = m.addingReportingOverflow(d)
        guard !o1 && !o2 else { return nil }
        value = s
        i += 1
    }
    return negative ? -value : value
}

/// Parses `[+-]digits[.digits]` (at least one digit) from `bytes[range]`.
///
/// Accepts up to 18 digits. Exact for values with up to 15 significant digits: the digits form an exact
/// integer and one correctly rounded division by a power of ten places the point.
func parseDecimal(_ bytes: [UInt8], _ range: Range<Int>) -> Double? {
    var i = range.lowerBound
    var negative = false
    if i < range.upperBound && (bytes[i] == 0x2D || bytes[i] == 0x2B) {
        negative = bytes[i] == 0x2D
        i += 1
    }
    var mantissa: Int64 = 0
    var digitCount = 0
    var fractionDigits = 0
    var seenPoint = false
    while i < range.upperBound {
        let b = bytes[i]
        if b == 0x2E {
            if seenPoint { return nil }
            seenPoint = true
        } else {
            let d = Int64(b) &- 0x30
            guard d >= 0 && d <= 9, digitCount < 18 else { return nil }
            mantissa = mantissa * 10 + d
            digitCount += 1
            if seenPoint { fractionDigits += 1 }
        }
        i += 1
    }
    guard digitCount > 0 else { return nil }
    var value = Double(mantissa)
    if fractionDigits > 0 { value /= powersOfTen[fractionDigits] }
    return negative ? -value : value
}

private let powersOfTen: [Double] = (0...18).map { k in
    var p = 1.0
    for _ in 0..<k { p *= 10 }
    return p
}
