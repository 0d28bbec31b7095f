import Foundation

/// numpy (over OpenBLAS), measured in the same `curio bench` run as the reference.
///
/// A short inline Python script times the same shapes with the same protocol (median
/// of samples, each at least `minSeconds`; wall clock and main-thread CPU time). The thread count is set through
/// `OPENBLAS_NUM_THREADS` for the child only; everything else in the environment,
/// `OPENBLAS_CORETYPE` in particular, is passed through untouched, so the reference is
/// the OpenBLAS this environment really gets.
struct NumpyReference {
    /// What the reference run reported besides timings (for the table header).
    struct Info {
        var numpyVersion: String
        var coreType: String
    }

    /// Why no reference numbers are available.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// GFLOP/s for each GEMM case and each matrix-vector case, in order: by wall
    /// clock, and by the main thread's CPU time (meaningful on one thread only).
    struct Result {
        var gemm: [(wall: Double, cpu: Double)]
        var matvec: [(wall: Double, cpu: Double)]
        var info: Info
    }

    /// Times `gemm` cases (m, n, k, transposeA, transposeB) and `matvec` cases
    /// (rows, cols) in float32 with numpy on `threads` OpenBLAS threads.
    ///
    /// - Throws: `Unavailable` when python3 or numpy is missing or the script fails.
    static func measure(
        gemm: [(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool)],
        matvec: [(rows: Int, cols: Int)],
        threads: Int, repetitions: Int, minSeconds: Double
    ) throws -> Result {
        let gemmList = gemm.map { "[\($0.m),\($0.n),\($0.k),\($0.transposeA ? 1 : 0),\($0.transposeB ? 1 : 0)]" }
        let matvecList = matvec.map { "[\($0.rows),\($0.cols)]" }
        let request = "{\"reps\":\(repetitions),\"min\":\(minSeconds),"
            + "\"gemm\":[\(gemmList.joined(separator: ","))],\"matvec\":[\(matvecList.joined(separator: ","))]}"

        let object = try runPythonJSON(script: script, argument: request, threads: threads)
        func pairs(_ value: Any?) -> [(wall: Double, cpu: Double)]? {
            (value as? [[Double]])?.compactMap { $0.count == 2 ? (wall: $0[0], cpu: $0[1]) : nil }
        }
        guard let gemmRates = pairs(object["gemm"]), gemmRates.count == gemm.count,
              let matvecRates = pairs(object["matvec"]), matvecRates.count == matvec.count
        else {
            throw Unavailable(description: "numpy reference printed unexpected output: \(object.keys.sorted())")
        }
        let info = Info(numpyVersion: object["numpy"] as? String ?? "?",
                        coreType: object["coretype"] as? String ?? "unset")
        return Result(gemm: gemmRates, matvec: matvecRates, info: info)
    }

    /// The timing protocol every Python reference uses (numpy's and PyTorch's GEMMs), the
    /// same as curio's: one warm-up call, then `reps` medians of as many calls as fill
    /// `min_s` seconds, wall clock and the calling thread's CPU time. Needs `reps`, `min_s`
    /// and `time` in the script's scope.
    static let medianSecondsPython = """
        def median_seconds(f):
            f()
            walls, cpus = [], []
            for _ in range(reps):
                calls, start, cpu_start = 0, time.perf_counter(), time.thread_time()
                while True:
                    f(); calls += 1
                    elapsed = time.perf_counter() - start
                    if elapsed >= min_s: break
                walls.append(elapsed / calls)
                cpus.append((time.thread_time() - cpu_start) / calls)
            walls.sort(); cpus.sort()
            return walls[len(walls) // 2], cpus[len(cpus) // 2]
        """

    /// The timing script; reads its request (JSON) from argv[1], prints JSON.
    private static let script = """
        import json, os, sys, time
        import numpy as np
        req = json.loads(sys.argv[1])
        reps, min_s = req["reps"], req["min"]
        rng = np.random.default_rng(1)
        \(NumpyReference.medianSecondsPython)
        def rates(flops, seconds):
            return [flops / s / 1e9 if s > 0 else 0.0 for s in seconds]
        gemm = []
        for m, n, k, ta, tb in req["gemm"]:
            a = rng.standard_normal((k, m) if ta else (m, k), dtype=np.float32)
            b = rng.standard_normal((n, k) if tb else (k, n), dtype=np.float32)
            a_op, b_op = (a.T if ta else a), (b.T if tb else b)
            c = np.empty((m, n), dtype=np.float32)
            gemm.append(rates(2.0 * m * n * k, median_seconds(lambda: np.matmul(a_op, b_op, out=c))))
        matvec = []
        for rows, cols in req["matvec"]:
            w = rng.standard_normal((rows, cols), dtype=np.float32)
            x = rng.standard_normal(cols, dtype=np.float32)
            y = np.empty(rows, dtype=np.float32)
            matvec.append(rates(2.0 * rows * cols, median_seconds(lambda: np.matmul(w, x, out=y))))
        print(json.dumps({"gemm": gemm, "matvec": matvec, "numpy": np.__version__,
                          "coretype": os.environ.get("OPENBLAS_CORETYPE", "unset")}))
        """
}
