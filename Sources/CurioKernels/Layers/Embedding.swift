// Token embedding lookup and the row gathers the output layer uses to compute logits only
// at positions that carry a loss (or only the rows a caller asked for).
//
// Dimensions: N rows, C channels, V vocabulary rows in the table.

/// output[n] = table[tokens[n]].
///
/// - Parameters:
///   - output: [N×C]; table: [V×C]; tokens: N ids in 0..<V (checked).
/// - Complexity: O(N·C).
public func embeddingForward(output: FloatSlice, table: FloatSlice, tokens: [Int32], channels C: Int) {
    let N = tokens.count, V = table.count / C
    output.require(N * C, "embedding output")
    for (n, token) in tokens.enumerated() {
        let t = Int(token)
        precondition(t >= 0 && t < V, "embedding token \(t) out of 0..<\(V)")
        (output.pointer + n * C).update(from: table.pointer + t * C, count: C)
    }
}

/// Backward of `embeddingForward`: dTable[tokens[n]] += dOutput[n].
///
/// - Complexity: O(N·C).
public func embeddingBackward(dTable: FloatSlice, dOutput: FloatSlice, tokens: [Int32], channels C: Int) {
    let N = tokens.count
    dOutput.require(N * C, "embedding dOutput")
    for (n, token) in tokens.enumerated() {
        let t = Int(token)
        precondition(t >= 0 && (t + 1) * C <= dTable.count, "embedding token \(t) outside dTable")
        vectorAxpy(1, dOutput.pointer + n * C, dTable.pointer + t * C, C)
    }
}

/// destination[i] = source[rows[i]] for rows of `width` floats.
///
/// - Complexity: O(rows.count · width).
public func gatherRows(destination: FloatSlice, source: FloatSlice, rows: [Int], width: Int) {
    destination.require(rows.count * width, "gatherRows destination")
    for (i, row) in rows.enumerated() {
        precondition(row >= 0 && (row + 1) * width <= source.count, "gatherRows row \(row) outside source")
        (destination.pointer + i * width).update(from: source.pointer + row * width, count: width)
    }
}

/// destination[rows[i]] = source[i] for rows of `width` floats (the inverse of `gatherRows`).
///
/// - Complexity: O(rows.count · width).
public func scatterRows(destination: FloatSlice, source: FloatSlice, rows: [Int], width: Int) {
    source.require(rows.count * width, "scatterRows source")
    for (i, row) in rows.enumerated() {
        precondition(row >= 0 && (row + 1) * width <= destination.count, "scatterRows row \(row) outside destination")
        (destination.pointer + row * width).update(from: source.pointer + i * width, count: width)
    }
}

/// out[i] = Σ_c x[c]·table[rows[i]][c]: logits for an arbitrary list of vocabulary rows.
///
/// Used when a caller allows only a scattered set of tokens (e.g. a few candidate items),
/// so only those rows of the tied output layer are read.
///
/// - Complexity: O(rows.count · C).
public func selectedRowDots(output: FloatSlice, input: FloatSlice, table: FloatSlice, rows: [Int], channels C: Int) {
    output.require(rows.count, "selectedRowDots output"); input.require(C, "selectedRowDots input")
    for (i, row) in rows.enumerated() {
        precondition(row >= 0 && (row + 1) * C <= table.count, "selectedRowDots row \(row) outside table")
        output.pointer[i] = vectorDot(input.pointer, table.pointer + row * C, C)
    }
}
