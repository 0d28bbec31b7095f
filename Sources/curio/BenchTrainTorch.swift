import Foundation

/// PyTorch's training step for the same model as curio's, measured in the same
/// `curio bench train` run (issue 3: "≥ 2x PyTorch's tokens/s", measured side by side).
///
/// The inline script builds the same architecture with stock PyTorch modules and
/// functions: token embedding tied to the output layer; per block RMSNorm → Q, K, V
/// projections → rotary positions on interleaved pairs (as `rotaryApply`) → causal
/// `scaled_dot_product_attention` → output projection, RMSNorm → SwiGLU MLP; final RMSNorm;
/// mean cross-entropy over the full vocabulary at every position. Then global-norm
/// clipping at 1 and `torch.optim.AdamW` (β 0.9/0.95, ε 1e-8, decay 0.1 on matrices only,
/// as `AdamWSettings`). fp32, `torch.set_num_threads(threads)`. One untimed warm-up step,
/// then the median wall clock and process CPU time of `steps` steps.
///
/// The interpreter is `$CURIO_TORCH_PYTHON` (default `python3`): PyTorch usually lives in a
/// virtual environment of its own, and neither the bench nor CI installs it.
enum TorchTrainReference {
    /// The environment variable naming the Python interpreter that can `import torch`.
    static let interpreterVariable = "CURIO_TORCH_PYTHON"

    /// Median wall and process CPU seconds per step, and what ran.
    struct Result {
        var secondsPerStep: Double
        var cpuSecondsPerStep: Double
        /// Trainable parameters of the PyTorch model (compare with curio's).
        var parameterCount: Int
        var version: String
        /// `torch.backends.cpu.get_cpu_capability()`, e.g. "AVX2".
        var cpuCapability: String
    }

    /// The interpreter to run: `$CURIO_TORCH_PYTHON`, or `python3` on the PATH.
    static func interpreter(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard let path = environment[interpreterVariable], !path.isEmpty else { return "python3" }
        return path
    }

    /// - Throws: `NumpyReference.Unavailable` when the interpreter cannot be started,
    ///   cannot import torch, or the script fails; its description says which.
    static func measure(_ item: TrainBenchSection.Case, threads: Int, steps: Int,
                        python: String = interpreter()) throws -> Result {
        let c = item.config
        let request = "{\"V\":\(c.vocabSize),\"C\":\(c.dModel),\"L\":\(c.layers),\"H\":\(c.heads),\"F\":\(c.ffnHidden),"
            + "\"B\":\(item.batchSize),\"T\":\(item.sequenceLength),\"steps\":\(steps),\"threads\":\(threads),"
            + "\"theta\":\(c.ropeTheta),\"eps\":\(c.normEpsilon)}"
        let object = try runPythonJSON(python, script: script, argument: request, threads: threads)
        if let reason = object["unavailable"] as? String {
            throw NumpyReference.Unavailable(description: "\(python) cannot import torch: \(reason)")
        }
        guard let wall = object["seconds_per_step"] as? Double, let cpu = object["cpu_seconds_per_step"] as? Double,
              let parameters = object["parameters"] as? Int
        else {
            throw NumpyReference.Unavailable(description: "PyTorch reference printed unreadable output")
        }
        return Result(secondsPerStep: wall, cpuSecondsPerStep: cpu, parameterCount: parameters,
                      version: object["torch"] as? String ?? "?", cpuCapability: object["capability"] as? String ?? "?")
    }

    /// The PyTorch script; reads its request (JSON) from argv[1], prints JSON.
    private static let script = """
        import json, sys, time
        r = json.loads(sys.argv[1])
        try:
            import torch
            import torch.nn.functional as Fn
        except Exception as e:
            print(json.dumps({"unavailable": f"{type(e).__name__}: {e}"})); sys.exit(0)
        torch.set_num_threads(r["threads"])
        torch.manual_seed(13)
        V, C, L, H, F, B, T = r["V"], r["C"], r["L"], r["H"], r["F"], r["B"], r["T"]
        hd, eps = C // H, r["eps"]
        def mat(a, b): return torch.nn.Parameter(torch.randn(a, b) * 0.02)
        def gain(): return torch.nn.Parameter(torch.ones(C))
        class Block(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.attn_norm, self.wq, self.wk, self.wv, self.wo = gain(), mat(C, C), mat(C, C), mat(C, C), mat(C, C)
                self.mlp_norm, self.w_gate, self.w_up, self.w_down = gain(), mat(F, C), mat(F, C), mat(C, F)
            def forward(self, x, cos, sin):
                h = Fn.rms_norm(x, (C,), self.attn_norm, eps)
                def rope(t):
                    t = t.view(B, T, H, hd // 2, 2); a, b = t[..., 0], t[..., 1]
                    return torch.stack((a * cos - b * sin, a * sin + b * cos), -1).view(B, T, H, hd).transpose(1, 2)
                q, k = rope(h @ self.wq.t()), rope(h @ self.wk.t())
                v = (h @ self.wv.t()).view(B, T, H, hd).transpose(1, 2)
                o = Fn.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(B, T, C)
                x = x + o @ self.wo.t()
                h = Fn.rms_norm(x, (C,), self.mlp_norm, eps)
                return x + (Fn.silu(h @ self.w_gate.t()) * (h @ self.w_up.t())) @ self.w_down.t()
        class Model(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.tok_emb = mat(V, C)
                self.layers = torch.nn.ModuleList(Block() for _ in range(L))
                self.final_norm = gain()
                inv = 1.0 / (r["theta"] ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd))
                ang = torch.outer(torch.arange(T, dtype=torch.float64), inv)
                self.cos = ang.cos().float()[None, :, None, :]; self.sin = ang.sin().float()[None, :, None, :]
            def forward(self, tok, tgt):
                x = self.tok_emb[tok]
                for block in self.layers: x = block(x, self.cos, self.sin)
                logits = Fn.rms_norm(x, (C,), self.final_norm, eps) @ self.tok_emb.t()
                return Fn.cross_entropy(logits.view(B * T, V), tgt.view(B * T))
        model = Model()
        decay = [p for p in model.parameters() if p.dim() == 2]
        plain = [p for p in model.parameters() if p.dim() != 2]
        opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": plain, "weight_decay": 0.0}],
                                lr=3e-4, betas=(0.9, 0.95), eps=1e-8)
        tok = torch.randint(0, V, (B, T)); tgt = torch.randint(0, V, (B, T))
        def step():
            opt.zero_grad(set_to_none=True)
            loss = model(tok, tgt)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            return loss
        step()
        walls, cpus = [], []
        for _ in range(r["steps"]):
            start, cpu_start = time.perf_counter(), time.process_time()
            step()
            walls.append(time.perf_counter() - start); cpus.append(time.process_time() - cpu_start)
        walls.sort(); cpus.sort()
        print(json.dumps({"seconds_per_step": walls[len(walls) // 2], "cpu_seconds_per_step": cpus[len(cpus) // 2],
                          "parameters": sum(p.numel() for p in model.parameters()), "torch": torch.__version__,
                          "capability": torch.backends.cpu.get_cpu_capability()}))
        """
}
