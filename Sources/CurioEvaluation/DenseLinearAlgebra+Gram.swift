import Dispatch

/// The item-item co-occurrence (Gram) matrix G = XᵀX of the binary user×item matrix X
/// whose rows are `sequences`: G[i][j] = number of users who have both i and j,
/// G[i][i] = number of users who have i.
///
/// Accumulated sparsely, pair by pair, instead of as a dense GEMM: with 671 users and
/// 9,066 items X is 98% zeros, and Σ|h|² pair updates are far fewer than the dense
/// 671·9,066² multiply-adds. The rows are split between the cores by item parity so
/// each core writes only its own rows.
///
/// - Parameters:
///   - sequences: per user, the item indices they interacted with (each at most once).
///   - itemCount: n, the catalog size.
/// - Returns: G as a row-major n×n array (both triangles).
/// - Complexity: O(n² + Σ_u |h_u|²) time, O(n²) memory (329 MB for 9,066 items).
public func cooccurrenceMatrix(sequences: [[Int]], itemCount n: Int) -> [Float] {
    var g = [Float](repeating: 0, count: n * n)
    let parts = 2
    g.withUnsafeMutableBufferPointer { buffer in
        let g = SharedPointer(buffer.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for sequence in sequences {
                for i in sequence where i % parts == part {
                    let row = g.base + i * n
                    for j in sequence { row[j] += 1 }
                }
            }
        }
    }
    return g
}
