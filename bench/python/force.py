"""Reference for bench/models/force.ts, numpy on one thread: the published FORCE training loop (Sussillo & Abbott
2009), N units, sparse M with density p and gain g, feedback w_f ~ U[-1, 1], Euler dt = 0.1, RLS every 2 steps:
    x <- (1 - dt) x + dt (M r + w_f z);  r = tanh x;  z = w.r
    every 2 steps: k = P r; c = 1/(1 + r.k); P -= c k k^T; w -= c (z - f) k
M is kept as a scipy.sparse CSR matrix, as the model keeps it (src/models/force/network.ts, `mSparse`) and as the
published code's sprandn does: a mat-vec then costs pN² multiply-adds in both. Without scipy, M stays dense.
Prints {"stepsPerSecond": {"learning": s, "testing": s}, "sparse": bool}: median over repeats of `steps` steps."""
import json
import sys
import time

import numpy as np

args = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
n = int(args.get("n", 1000))
steps = int(args.get("steps", 1000))
repeats = int(args.get("repeats", 5))
p, g, dt, alpha = 0.1, 1.5, 0.1, 1.0
rng = np.random.default_rng(1)
M = (rng.random((n, n)) < p) * rng.standard_normal((n, n)) * g / np.sqrt(p * n)
try:
    import scipy.sparse

    M = scipy.sparse.csr_matrix(M)
    sparse = True
except ImportError:
    sparse = False
wf = rng.uniform(-1, 1, n)
amp, freq = 1.3, 1 / 60


def target(t):
    return (amp * np.sin(np.pi * freq * t) + amp / 2 * np.sin(2 * np.pi * freq * t)
            + amp / 6 * np.sin(3 * np.pi * freq * t) + amp / 3 * np.sin(4 * np.pi * freq * t)) / 1.5


def run(learn):
    x = 0.5 * rng.standard_normal(n)
    r = np.tanh(x)
    z = 0.5 * rng.standard_normal()
    w = np.zeros(n)
    P = np.eye(n) / alpha if learn else None  # testing never reads P (nor does the model's bench reset it then)
    for i in range(1, steps + 1):
        x = (1.0 - dt) * x + dt * (M @ r + wf * z)
        r = np.tanh(x)
        z = w @ r
        if learn and i % 2 == 0:
            k = P @ r
            c = 1.0 / (1.0 + r @ k)
            P -= c * np.outer(k, k)
            w -= c * (z - target((i - 1) * dt)) * k


def rate(learn):
    run(learn)
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run(learn)
        ts.append(time.perf_counter() - t0)
    return steps / float(np.median(ts))


print(json.dumps({"stepsPerSecond": {"learning": rate(True), "testing": rate(False)}, "sparse": sparse}))
