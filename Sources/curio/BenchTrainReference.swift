/// numpy's training step (forward, backward, global-norm clipping, AdamW) for the same
/// model shape as curio's, measured in the same `curio bench train` run.
///
/// The inline script is a hand-written forward and backward of the same architecture
/// (token embedding tied to the output layer, per block RMSNorm → fused QKV → rotary →
/// causal softmax attention → output projection, RMSNorm → SwiGLU MLP; final RMSNorm;
/// mean cross-entropy over the full vocabulary), with batched matmuls over OpenBLAS on
/// `threads` threads. Its own random weights and tokens. One untimed warm-up step, then the
/// median wall clock and process CPU time of `steps` steps.
enum NumpyTrainReference {
    /// Median wall seconds and process CPU seconds per step.
    struct Result {
        var secondsPerStep: Double
        var cpuSecondsPerStep: Double
    }

    /// - Throws: `NumpyReference.Unavailable` when python3 or numpy is missing or the script fails.
    static func measure(_ item: TrainBenchSection.Case, threads: Int, steps: Int) throws -> Result {
        let c = item.config
        let request = "{\"V\":\(c.vocabSize),\"C\":\(c.dModel),\"L\":\(c.layers),\"H\":\(c.heads),\"F\":\(c.ffnHidden),"
            + "\"B\":\(item.batchSize),\"T\":\(item.sequenceLength),\"steps\":\(steps)}"
        let object = try runPythonJSON(script: script, argument: request, threads: threads)
        guard let wall = object["seconds_per_step"] as? Double, let cpu = object["cpu_seconds_per_step"] as? Double else {
            throw NumpyReference.Unavailable(description: "numpy training reference printed unreadable output")
        }
        return Result(secondsPerStep: wall, cpuSecondsPerStep: cpu)
    }

    /// The training-step script; reads its request (JSON) from argv[1], prints JSON.
    private static let script = """
        import json, sys, time
        import numpy as np
        r = json.loads(sys.argv[1])
        V, C, L, H, F, B, T = r["V"], r["C"], r["L"], r["H"], r["F"], r["B"], r["T"]
        N, hd, f32 = B * T, C // H, np.float32
        rng = np.random.default_rng(13)
        def mat(a, b): return rng.standard_normal((a, b), dtype=f32) * f32(0.02)
        P = {"E": mat(V, C), "fn": np.ones(C, f32)}
        for l in range(L):
            P[f"an{l}"], P[f"qkv{l}"], P[f"o{l}"] = np.ones(C, f32), mat(3 * C, C), mat(C, C)
            P[f"mn{l}"], P[f"gu{l}"], P[f"d{l}"] = np.ones(C, f32), mat(2 * F, C), mat(C, F)
        M = {k: np.zeros_like(v) for k, v in P.items()}
        S = {k: np.zeros_like(v) for k, v in P.items()}
        tok = rng.integers(0, V, N); tgt = rng.integers(0, V, N)
        inv = 1.0 / (10000.0 ** (np.arange(0, hd, 2, dtype=np.float64) / hd))
        ang = np.outer(np.arange(T), inv)
        cos = np.cos(ang).astype(f32)[None, :, None, :]; sin = np.sin(ang).astype(f32)[None, :, None, :]
        causal = np.triu(np.full((T, T), -np.inf, f32), 1)
        scale = f32(1 / np.sqrt(hd))
        def norm(x, w):
            rr = 1 / np.sqrt((x * x).mean(1, keepdims=True) + f32(1e-5))
            return x * rr * w, rr
        def norm_back(dy, x, rr, w):
            dn = dy * w
            return rr * dn - x * rr ** 3 * (dn * x).mean(1, keepdims=True), (dy * x * rr).sum(0)
        def rope(t, sign):
            t = t.reshape(B, T, H, hd // 2, 2); a, b = t[..., 0], t[..., 1]
            s = sin * sign
            return np.stack((a * cos - b * s, a * s + b * cos), -1).reshape(B, T, C)
        def heads(t): return t.reshape(B, T, H, hd).transpose(0, 2, 1, 3)
        def step(it):
            G, cache = {}, []
            x = P["E"][tok]
            for l in range(L):
                h1, r1 = norm(x, P[f"an{l}"])
                qkv = h1 @ P[f"qkv{l}"].T
                q = heads(rope(qkv[:, :C], 1)); k = heads(rope(qkv[:, C:2 * C], 1)); v = heads(qkv[:, 2 * C:])
                s = q @ k.transpose(0, 1, 3, 2) * scale + causal
                p = np.exp(s - s.max(-1, keepdims=True)); p /= p.sum(-1, keepdims=True)
                o = (p @ v).transpose(0, 2, 1, 3).reshape(N, C)
                x1 = x + o @ P[f"o{l}"].T
                h2, r2 = norm(x1, P[f"mn{l}"])
                gu = h2 @ P[f"gu{l}"].T; g, u = gu[:, :F], gu[:, F:]
                sg = 1 / (1 + np.exp(-g)); a = g * sg * u
                x2 = x1 + a @ P[f"d{l}"].T
                cache.append((x, h1, r1, q, k, v, p, o, x1, h2, r2, g, u, sg, a)); x = x2
            hf, rf = norm(x, P["fn"])
            logits = hf @ P["E"].T
            logits -= logits.max(1, keepdims=True)
            e = np.exp(logits); e /= e.sum(1, keepdims=True)
            loss = -np.log(e[np.arange(N), tgt] + f32(1e-30)).mean()
            e[np.arange(N), tgt] -= 1; e /= N
            G["E"] = e.T @ hf
            dx, G["fn"] = norm_back(e @ P["E"], x, rf, P["fn"])
            for l in reversed(range(L)):
                x0, h1, r1, q, k, v, p, o, x1, h2, r2, g, u, sg, a = cache[l]
                G[f"d{l}"] = dx.T @ a; da = dx @ P[f"d{l}"]
                dg = da * u * sg * (1 + g * (1 - sg)); du = da * g * sg
                dgu = np.concatenate((dg, du), 1)
                G[f"gu{l}"] = dgu.T @ h2
                dh, G[f"mn{l}"] = norm_back(dgu @ P[f"gu{l}"], x1, r2, P[f"mn{l}"])
                dx = dx + dh
                G[f"o{l}"] = dx.T @ o
                do = heads(dx @ P[f"o{l}"])
                dp = do @ v.transpose(0, 1, 3, 2); dv = p.transpose(0, 1, 3, 2) @ do
                ds = p * (dp - (dp * p).sum(-1, keepdims=True)) * scale
                dq = ds @ k; dk = ds.transpose(0, 1, 3, 2) @ q
                def flat(t): return t.transpose(0, 2, 1, 3).reshape(B, T, C)
                dqkv = np.concatenate((rope(flat(dq), -1).reshape(N, C), rope(flat(dk), -1).reshape(N, C),
                                       flat(dv).reshape(N, C)), 1)
                G[f"qkv{l}"] = dqkv.T @ h1
                dh, G[f"an{l}"] = norm_back(dqkv @ P[f"qkv{l}"], x0, r1, P[f"an{l}"])
                dx = dx + dh
            np.add.at(G["E"], tok, dx)
            gnorm = np.sqrt(sum(float((gr * gr).sum()) for gr in G.values()))
            clip = f32(min(1.0, 1.0 / (gnorm + 1e-6)))
            b1, b2, lr, t = f32(0.9), f32(0.95), f32(3e-4), it + 1
            for name, w in P.items():
                gr = G[name] * clip
                M[name] *= b1; M[name] += (1 - b1) * gr
                S[name] *= b2; S[name] += (1 - b2) * gr * gr
                if w.ndim == 2: w *= f32(1 - lr * 0.1)
                w -= lr * (M[name] / f32(1 - 0.9 ** t)) / (np.sqrt(S[name] / f32(1 - 0.95 ** t)) + f32(1e-8))
            return loss
        step(0)
        walls, cpus = [], []
        for i in range(r["steps"]):
            start, cpu_start = time.perf_counter(), time.process_time()
            step(i + 1)
            walls.append(time.perf_counter() - start); cpus.append(time.process_time() - cpu_start)
        walls.sort(); cpus.sort()
        print(json.dumps({"seconds_per_step": walls[len(walls) // 2], "cpu_seconds_per_step": cpus[len(cpus) // 2]}))
        """
}
