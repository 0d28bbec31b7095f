import Foundation

/// numpy's KV-cached decode step, measured in the same `curio bench decode` run.
///
/// An inline Python script builds, per case, a model of the same shape as curio's (RMSNorm,
/// fused QKV, rotary positions, causal attention over the cache, SwiGLU MLP, tied output
/// layer; its own random weights), prefills the same number of prompt tokens one step at a
/// time (untimed), then times the same number of greedy decode steps. Logits are computed
/// over the whole vocabulary or only the case's range, exactly as curio does. One OpenBLAS
/// thread (`OPENBLAS_NUM_THREADS=1`, set for the child only).
enum NumpyDecodeReference {
    /// Tokens per second per case, in order (median of repetitions), and numpy's version.
    struct Result {
        var tokensPerSecond: [(wall: Double, cpu: Double)]
        var numpyVersion: String
    }

    /// - Throws: `NumpyReference.Unavailable` when python3 or numpy is missing or the script fails.
    static func measure(cases: [DecodeBenchSection.Case], promptLength: Int, steps: Int,
                        repetitions: Int) throws -> Result {
        let list = cases.map { item -> String in
            let c = item.config
            let range = item.logitRange ?? 0..<c.vocabSize
            return "[\(c.vocabSize),\(c.dModel),\(c.layers),\(c.heads),\(c.ffnHidden),\(range.lowerBound),\(range.upperBound)]"
        }
        let request = "{\"reps\":\(repetitions),\"prompt\":\(promptLength),\"steps\":\(steps),"
            + "\"cases\":[\(list.joined(separator: ","))]}"
        let object = try runPythonJSON(script: script, argument: request, threads: 1)
        guard let rates = object["tokens_per_s"] as? [[Double]], rates.count == cases.count,
              rates.allSatisfy({ $0.count == 2 })
        else {
            throw NumpyReference.Unavailable(description: "numpy decode reference printed unreadable output")
        }
        return Result(tokensPerSecond: rates.map { (wall: $0[0], cpu: $0[1]) },
                      numpyVersion: object["numpy"] as? String ?? "?")
    }

    /// The decode script; reads its request (JSON) from argv[1], prints JSON.
    private static let script = """
        import json, sys, time
        import numpy as np
        req = json.loads(sys.argv[1])
        reps, prompt, steps = req["reps"], req["prompt"], req["steps"]
        def rmsnorm(x, w):
            return x * (w / np.sqrt(np.dot(x, x) / x.shape[0] + np.float32(1e-5)))
        def run(V, C, L, H, F, lo, hi):
            rng = np.random.default_rng(11)
            def mat(r, c):
                return (rng.standard_normal((r, c), dtype=np.float32) * np.float32(0.02))
            emb = mat(V, C)
            layers = [(np.ones(C, np.float32), mat(3 * C, C), mat(C, C), np.ones(C, np.float32),
                       mat(2 * F, C), mat(C, F)) for _ in range(L)]
            final = np.ones(C, np.float32)
            hd, P = C // H, prompt + steps
            inv = 1.0 / (10000.0 ** (np.arange(0, hd, 2, dtype=np.float64) / hd))
            ang = np.outer(np.arange(P), inv)
            cos, sin = np.cos(ang).astype(np.float32), np.sin(ang).astype(np.float32)
            kc = np.zeros((L, H, P, hd), np.float32)
            vc = np.zeros((L, H, P, hd), np.float32)
            scale = np.float32(1.0 / np.sqrt(hd))
            out_rows = emb[lo:hi]
            def rope(t, pos):
                t = t.reshape(H, hd // 2, 2)
                a, b = t[:, :, 0], t[:, :, 1]
                c, s = cos[pos], sin[pos]
                return np.stack((a * c - b * s, a * s + b * c), axis=-1).reshape(H, hd)
            def step(tok, pos):
                x = emb[tok].copy()
                for l, (an, wqkv, wo, mn, wgu, wd) in enumerate(layers):
                    qkv = wqkv @ rmsnorm(x, an)
                    q, k = rope(qkv[:C], pos), rope(qkv[C:2 * C], pos)
                    kc[l, :, pos] = k
                    vc[l, :, pos] = qkv[2 * C:].reshape(H, hd)
                    keys, values = kc[l, :, :pos + 1], vc[l, :, :pos + 1]
                    s = np.matmul(keys, q[:, :, None])[:, :, 0] * scale
                    s = np.exp(s - s.max(axis=1, keepdims=True))
                    s /= s.sum(axis=1, keepdims=True)
                    o = np.matmul(s[:, None, :], values).reshape(C)
                    x += wo @ o
                    gu = wgu @ rmsnorm(x, mn)
                    g, u = gu[:F], gu[F:]
                    x += wd @ (g / (np.float32(1) + np.exp(-g)) * u)
                return out_rows @ rmsnorm(x, final)
            toks = rng.integers(0, V, prompt)
            walls, cpus = [], []
            for r in range(reps + 1):
                for pos in range(prompt):
                    logits = step(int(toks[pos]), pos)
                start, cpu_start = time.perf_counter(), time.thread_time()
                for pos in range(prompt, prompt + steps):
                    logits = step(lo + int(np.argmax(logits)), pos)
                if r > 0:
                    walls.append((time.perf_counter() - start) / steps)
                    cpus.append((time.thread_time() - cpu_start) / steps)
            walls.sort(); cpus.sort()
            return [1.0 / walls[len(walls) // 2], 1.0 / cpus[len(cpus) // 2]]
        print(json.dumps({"tokens_per_s": [run(*c) for c in req["cases"]], "numpy": np.__version__}))
        """
}

/// Runs an inline `script` with the interpreter `python` (numpy's references use `python3`,
/// PyTorch's the one `CURIO_TORCH_PYTHON` names) with `argument` as argv[1], on `threads`
/// BLAS/OpenMP threads (the rest of the environment passed through), and parses the JSON
/// object it prints.
///
/// - Throws: `NumpyReference.Unavailable` naming the failure (python missing, the script's
///   last error line, or unreadable output).
func runPythonJSON(_ python: String = "python3", script: String, argument: String, threads: Int) throws -> [String: Any] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, "-c", script, argument]
    var environment = ProcessInfo.processInfo.environment
    // Every BLAS and OpenMP runtime a reference may use gets the thread count asked for.
    for name in ["OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"] { environment[name] = String(threads) }
    process.environment = environment
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do {
        try process.run()
    } catch {
        throw NumpyReference.Unavailable(description: "\(python) could not be started (\(error.localizedDescription))")
    }
    // stdout first: the script writes one short line there; stderr holds at most a traceback.
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        // env exits 127 when it cannot find the interpreter.
        let lastLine = errorText.split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"
        throw NumpyReference.Unavailable(description: "\(python) reference failed: \(lastLine)")
    }
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw NumpyReference.Unavailable(description: "\(python) reference printed unreadable output: "
                                         + String(decoding: data.prefix(200), as: UTF8.self))
    }
    return object
}
