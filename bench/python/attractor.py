"""Reference for bench/models/attractor.ts, numpy on one thread:
- Hebbian storage W = (1/N) XiᵀXi, zero diagonal;
- 10 asynchronous Hopfield sweeps from a random state: h = W s + b once, then per sweep the units in a random order;
  a unit whose field disagrees flips and adds Δ·W[i] to h (the same incremental update as the TypeScript step);
- sequential Gibbs sweeps of a fully connected 0/1 Boltzmann machine: z_i = b_i + W[i]·s, on with σ(z_i/T).
Prints {"store": s, "hopfield10": s, "gibbs": {N: sweeps/s}}."""
import json
import sys
import time

import numpy as np

args = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
n = int(args.get("n", 1000))
p = int(args.get("p", 100))
sweeps = int(args.get("sweeps", 10))
gibbs_sizes = args.get("gibbs", [100, 1000])
gibbs_budget = int(args.get("gibbsSweeps", 200))
rng = np.random.default_rng(1)


def median_time(fn, repeats=5):
    fn()
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return float(np.median(ts))


xi = np.where(rng.random((p, n)) < 0.5, 1.0, -1.0)


def store():
    w = (xi.T @ xi) / n
    np.fill_diagonal(w, 0.0)
    return w


t_store = median_time(store)
w = store()
b = np.zeros(n)
start = np.where(rng.random(n) < 0.5, 1.0, -1.0)


def hopfield():
    s = start.copy()
    h = w @ s + b  # exact fields once; then kept current flip by flip (as the TypeScript step does)
    for _ in range(sweeps):
        for i in rng.permutation(n):
            hi = h[i]
            nxt = 1.0 if hi > 0 else (-1.0 if hi < 0 else s[i])
            if nxt != s[i]:
                d = nxt - s[i]
                s[i] = nxt
                h += d * w[i]


t_hop = median_time(hopfield)

gibbs = {}
for size in gibbs_sizes:
    size = int(size)
    wg = rng.normal(0, 1 / np.sqrt(size), (size, size))
    wg = np.triu(wg, 1)
    wg = wg + wg.T
    bg = np.zeros(size)
    s = (rng.random(size) < 0.5).astype(float)
    count = max(5, min(gibbs_budget, int(2e6 / size)))

    def run():
        for _ in range(count):
            u = rng.random(size)
            for i in rng.permutation(size):
                z = bg[i] + wg[i] @ s
                s[i] = 1.0 if u[i] < 1.0 / (1.0 + np.exp(-z)) else 0.0

    gibbs[str(size)] = count / median_time(run, 3)

print(json.dumps({"store": t_store, "hopfield10": t_hop, "gibbs": gibbs}))
