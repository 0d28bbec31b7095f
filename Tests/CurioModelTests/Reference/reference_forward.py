#!/usr/bin/env python3
"""Independent numpy forward pass of a curio checkpoint, for cross-checking the Swift model.

Usage: reference_forward.py CHECKPOINT.safetensors TOKEN,TOKEN,...
Prints a JSON list with one list of V logits per input position.

The safetensors file is parsed by hand (8-byte little-endian header length, a JSON header,
then raw little-endian tensors) so that only numpy is needed. Everything is computed in
float64, written from the architecture description in docs/model.md, not from the Swift code.
"""
import json
import struct
import sys

import numpy as np


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_length])
    base = 8 + header_length
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        raw = data[base + begin : base + end]
        if info["dtype"] == "F32":
            values = np.frombuffer(raw, dtype="<f4")
        elif info["dtype"] == "F16":
            values = np.frombuffer(raw, dtype="<f2")
        elif info["dtype"] == "BF16":
            values = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            raise SystemExit(f"{path}: tensor {name} has unsupported dtype {info['dtype']}")
        tensors[name] = values.astype(np.float64).reshape(info["shape"])
    return metadata, tensors


def rms_norm(x, weight, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * weight


def rotary(x, theta):
    """x: [T, H, D]; rotates interleaved pairs (2i, 2i+1) by angle p * theta^(-2i/D)."""
    T, _, D = x.shape
    inv_freq = theta ** (-np.arange(0, D, 2) / D)
    angles = np.arange(T)[:, None] * inv_freq[None, :]
    cos, sin = np.cos(angles)[:, None, :], np.sin(angles)[:, None, :]
    even, odd = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = even * sin + odd * cos
    return out


def forward(config, w, tokens):
    C, H, L = config["dModel"], config["heads"], config["layers"]
    D, eps, theta = C // H, config["normEpsilon"], config["ropeTheta"]
    T = len(tokens)
    x = w["tok_emb"][tokens]
    causal = np.triu(np.full((T, T), -np.inf), k=1)
    for layer in range(L):
        p = f"layers.{layer}."
        h = rms_norm(x, w[p + "attn_norm"], eps)
        q = rotary((h @ w[p + "wq"].T).reshape(T, H, D), theta)
        k = rotary((h @ w[p + "wk"].T).reshape(T, H, D), theta)
        v = (h @ w[p + "wv"].T).reshape(T, H, D)
        scores = np.einsum("thd,shd->hts", q, k) / np.sqrt(D) + causal
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        probabilities = scores / scores.sum(axis=-1, keepdims=True)
        attended = np.einsum("hts,shd->thd", probabilities, v).reshape(T, C)
        x = x + attended @ w[p + "wo"].T
        h = rms_norm(x, w[p + "mlp_norm"], eps)
        gate, up = h @ w[p + "w_gate"].T, h @ w[p + "w_up"].T
        x = x + (gate / (1 + np.exp(-gate)) * up) @ w[p + "w_down"].T
    return rms_norm(x, w["final_norm"], eps) @ w["tok_emb"].T


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    metadata, tensors = load_safetensors(sys.argv[1])
    config = json.loads(metadata["model_config"])
    tokens = [int(t) for t in sys.argv[2].split(",")]
    print(json.dumps(forward(config, tensors, tokens).tolist()))


if __name__ == "__main__":
    main()
