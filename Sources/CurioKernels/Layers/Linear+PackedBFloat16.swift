// The decode-time linear layer over bf16 weights packed by `PackedBFloat16Matrix`: y = W·x
// for one input row, reading the matrix as one sequential stream (see that file for why and
// for the layout). Each weight widens to fp32 exactly in registers and the products are
// summed in fp32, so the result differs from the fp32 kernel on the same bf16 values only by
// the order of the sum.
//
// Per row, lanes 0-7 and 8-15 of every chunk of 16 columns accumulate in two 8-lane
// registers, added and summed by a fixed tree at the end; `selectedRowDots` sums a row the
// same way, so both give bit-for-bit the same logit for a row.
//
// Dimensions: O rows, I inputs, Ip = I rounded up to 16.

typealias PackedLane = SIMD8<Float>

/// Widens a chunk of 16 packed bf16 weights (8 words) into w0…w7 and w8…w15.
@inline(__always) private func widenChunk(_ p: UnsafeRawPointer) -> (PackedLane, PackedLane) {
    let words = p.loadUnaligned(as: SIMD8<UInt32>.self)
    return (unsafeBitCast(words &<< 16, to: PackedLane.self), unsafeBitCast(words & 0xFFFF_0000, to: PackedLane.self))
}

/// The sum of 8 lanes as a fixed pairwise tree.
@inline(__always) private func laneSum(_ v: PackedLane) -> Float {
    let s4 = v.lowHalf + v.highHalf
    let s2 = s4.lowHalf + s4.highHalf
    return s2[0] + s2[1]
}

/// The four dot products of one group of rows: `group` points at the group's first chunk,
/// x holds Ip floats (zeros past I).
@inline(__always) private func groupDots(_ group: UnsafeRawPointer, x: UnsafePointer<Float>, paddedCols: Int) -> SIMD4<Float> {
    var a0 = PackedLane(), b0 = PackedLane(), a1 = PackedLane(), b1 = PackedLane()
    var a2 = PackedLane(), b2 = PackedLane(), a3 = PackedLane(), b3 = PackedLane()
    var p = group, c = 0
    while c < paddedCols {
        let xa = UnsafeRawPointer(x + c).loadUnaligned(as: PackedLane.self)
        let xb = UnsafeRawPointer(x + c + 8).loadUnaligned(as: PackedLane.self)
        var (wa, wb) = widenChunk(p)
        a0.addProduct(wa, xa); b0.addProduct(wb, xb)
        (wa, wb) = widenChunk(p + 32)
        a1.addProduct(wa, xa); b1.addProduct(wb, xb)
        (wa, wb) = widenChunk(p + 64)
        a2.addProduct(wa, xa); b2.addProduct(wb, xb)
        (wa, wb) = widenChunk(p + 96)
        a3.addProduct(wa, xa); b3.addProduct(wb, xb)
        p += 128
        c += 16
    }
    return SIMD4(laneSum(a0 + b0), laneSum(a1 + b1), laneSum(a2 + b2), laneSum(a3 + b3))
}

/// Runs `body` with x as Ip floats: the input itself when I is a multiple of 16, else a
/// zero-padded copy on the stack.
@inline(__always) private func withPaddedInput<R>(_ input: FloatSlice, cols: Int, paddedCols: Int,
                                                  _ body: (UnsafePointer<Float>) -> R) -> R {
    if cols == paddedCols { return body(input.pointer) }
    return withUnsafeTemporaryAllocation(of: Float.self, capacity: paddedCols) { buffer in
        let x = buffer.baseAddress!
        x.update(from: input.pointer, count: cols)
        (x + cols).update(repeating: 0, count: paddedCols - cols)
        return body(x)
    }
}

/// y = W·x for one input row, over rows `rows` of a packed bf16 W (by default all of them):
/// the decode-time product when weights are kept in bf16.
///
/// Rows outside `rows` that share a group of four with it are computed and dropped, so a
/// range costs at most six extra rows.
///
/// - Parameters:
///   - output: [rows.count] (overwritten, or accumulated when `accumulate`); input: [I].
///   - weight: the packed [O×I] matrix.
///   - rows: a range within 0..<O.
/// - Complexity: O(rows.count · I).
public func linearRowForward(output: FloatSlice, input: FloatSlice, weight: PackedBFloat16Matrix,
                             rows: Range<Int>? = nil, accumulate: Bool = false) {
    let range = rows ?? 0..<weight.rows, I = weight.cols, Ip = weight.paddedCols
    precondition(range.lowerBound >= 0 && range.upperBound <= weight.rows,
                 "packed linearRow rows \(range) outside 0..<\(weight.rows)")
    output.require(range.count, "packed linearRow output"); input.require(I, "packed linearRow input")
    guard !range.isEmpty else { return }
    let y = output.pointer, low = range.lowerBound, high = range.upperBound
    let w = UnsafeRawPointer(weight.pointer), groupBytes = 4 * Ip * 2
    withPaddedInput(input, cols: I, paddedCols: Ip) { x in
        for g in (low >> 2)..<((high + 3) >> 2) {
            let sums = groupDots(w + g * groupBytes, x: x, paddedCols: Ip)
            let first = 4 * g
            if first >= low && first + 4 <= high {
                let out = y + (first - low)
                if accumulate {
                    out[0] += sums[0]; out[1] += sums[1]; out[2] += sums[2]; out[3] += sums[3]
                } else {
                    out[0] = sums[0]; out[1] = sums[1]; out[2] = sums[2]; out[3] = sums[3]
                }
            } else {
                for lane in 0..<4 where range.contains(first + lane) {
                    let out = y + (first + lane - low)
                    out.pointee = accumulate ? out.pointee + sums[lane] : sums[lane]
                }
            }
        }
    }
}

/// `linearRowForward` for several input rows at once: outputs[j] = W·inputs[j] over rows
/// `rows` of a packed bf16 W. Each group of four weight rows is read from memory once and
/// used for every input while it sits in L1, so n inputs cost about one pass over W
/// instead of n (decoding several beams of one model). Every output is summed exactly as
/// `linearRowForward` sums it, bit for bit.
///
/// - Parameters:
///   - outputs: one [rows.count] slice per input (overwritten); inputs: [I] each.
/// - Complexity: O(n · rows.count · I) arithmetic, one read of the rows' weights.
public func linearRowsForward(outputs: [FloatSlice], inputs: [FloatSlice], weight: PackedBFloat16Matrix,
                              rows: Range<Int>? = nil) {
    precondition(outputs.count == inputs.count, "packed linearRows needs one output per input")
    let range = rows ?? 0..<weight.rows, I = weight.cols, Ip = weight.paddedCols
    precondition(range.lowerBound >= 0 && range.upperBound <= weight.rows,
                 "packed linearRows rows \(range) outside 0..<\(weight.rows)")
    for (output, input) in zip(outputs, inputs) {
        output.require(range.count, "packed linearRows output"); input.require(I, "packed linearRows input")
    }
    guard !range.isEmpty, !inputs.isEmpty else { return }
    let n = inputs.count, low = range.lowerBound, high = range.upperBound
    let w = UnsafeRawPointer(weight.pointer), groupBytes = 4 * Ip * 2
    // The inputs, zero-padded to Ip, side by side.
    withUnsafeTemporaryAllocation(of: Float.self, capacity: n * Ip) { buffer in
        let xs = buffer.baseAddress!
        for (j, input) in inputs.enumerated() {
            (xs + j * Ip).update(from: input.pointer, count: I)
            (xs + j * Ip + I).update(repeating: 0, count: Ip - I)
        }
        let ys = outputs.map(\.pointer)
        for g in (low >> 2)..<((high + 3) >> 2) {
            let group = w + g * groupBytes, first = 4 * g
            for j in 0..<n {
                let sums = groupDots(group, x: xs + j * Ip, paddedCols: Ip)
                let y = ys[j]
                if first >= low && first + 4 <= high {
                    let out = y + (first - low)
                    out[0] = sums[0]; out[1] = sums[1]; out[2] = sums[2]; out[3] = sums[3]
                } else {
                    for lane in 0..<4 where range.contains(first + lane) { y[first + lane - low] = sums[lane] }
                }
            }
        }
    }
}

/// out[i] = table[rows[i]] · x for a packed bf16 table: logits of a scattered set of
/// vocabulary rows, each summed exactly as `linearRowForward` sums it.
///
/// - Parameters:
///   - output: [rows.count]; input: [I]; table: the packed [V×I] matrix; rows: ids in 0..<V.
/// - Complexity: O(rows.count · I).
public func selectedRowDots(output: FloatSlice, input: FloatSlice, table: PackedBFloat16Matrix, rows: [Int]) {
    let I = table.cols, Ip = table.paddedCols
    output.require(rows.count, "packed selectedRowDots output"); input.require(I, "packed selectedRowDots input")
    let w = UnsafeRawPointer(table.pointer), y = output.pointer
    withPaddedInput(input, cols: I, paddedCols: Ip) { x in
        for (i, row) in rows.enumerated() {
            precondition(row >= 0 && row < table.rows, "packed selectedRowDots row \(row) outside 0..<\(table.rows)")
            var a = PackedLane(), b = PackedLane()
            var p = w + ((row >> 2) * 4 * Ip + (row & 3) * 16) * 2, c = 0
            while c < Ip {
                let (wa, wb) = widenChunk(p)
                a.addProduct(wa, UnsafeRawPointer(x + c).loadUnaligned(as: PackedLane.self))
                b.addProduct(wb, UnsafeRawPointer(x + c + 8).loadUnaligned(as: PackedLane.self))
                p += 128
                c += 16
            }
            y[i] = laneSum(a + b)
        }
    }
}
