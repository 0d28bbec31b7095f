import Foundation

/// PyTorch's `torch.mm` on one thread for `curio bench kernels`' GEMM shapes, measured in
/// the same run beside numpy with the same protocol (median of samples, each at least
/// `minSeconds`; wall clock and the calling thread's CPU time). Transposed operands are
/// passed as transposed views, as numpy's are, so the library picks its own kernel.
///
/// Run with `$CURIO_TORCH_PYTHON` (see `TorchTrainReference`); nothing is installed.
enum TorchGemmReference {
    /// GFLOP/s per GEMM case, in order (wall, calling-thread CPU), and the torch version.
    struct Result {
        var gemm: [(wall: Double, cpu: Double)]
        var version: String
    }

    /// - Throws: `NumpyReference.Unavailable` when the interpreter or torch is missing.
    static func measure(gemm: [(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool)],
                        repetitions: Int, minSeconds: Double,
                        python: String = TorchTrainReference.interpreter()) throws -> Result {
        let list = gemm.map { "[\($0.m),\($0.n),\($0.k),\($0.transposeA ? 1 : 0),\($0.transposeB ? 1 : 0)]" }
        let request = "{\"reps\":\(repetitions),\"min\":\(minSeconds),\"gemm\":[\(list.joined(separator: ","))]}"
        let object = try runPythonJSON(python, script: script, argument: request, threads: 1)
        if let reason = object["unavailable"] as? String {
            throw NumpyReference.Unavailable(description: "\(python) cannot import torch: \(reason)")
        }
        guard let rates = (object["gemm"] as? [[Double]])?.compactMap({ $0.count == 2 ? (wall: $0[0], cpu: $0[1]) : nil }),
              rates.count == gemm.count
        else {
            throw NumpyReference.Unavailable(description: "PyTorch GEMM reference printed unexpected output")
        }
        return Result(gemm: rates, version: object["torch"] as? String ?? "?")
    }

    /// The timing script; reads its request (JSON) from argv[1], prints JSON.
    private static let script = """
        import json, sys, time
        req = json.loads(sys.argv[1])
        try:
            import torch
        except Exception as e:
            print(json.dumps({"unavailable": f"{type(e).__name__}: {e}"})); sys.exit(0)
        torch.set_num_threads(1)
        torch.manual_seed(1)
        reps, min_s = req["reps"], req["min"]
        \(NumpyReference.medianSecondsPython)
        gemm = []
        with torch.no_grad():
            for m, n, k, ta, tb in req["gemm"]:
                a = torch.randn((k, m) if ta else (m, k)); b = torch.randn((n, k) if tb else (k, n))
                a_op, b_op = (a.t() if ta else a), (b.t() if tb else b)
                c = torch.empty(m, n)
                flops = 2.0 * m * n * k
                gemm.append([flops / s / 1e9 if s > 0 else 0.0
                             for s in median_seconds(lambda: torch.mm(a_op, b_op, out=c))])
        print(json.dumps({"gemm": gemm, "torch": torch.__version__}))
        """
}
