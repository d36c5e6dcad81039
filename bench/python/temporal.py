"""numpy references for bench/models/temporal.ts (one thread): the same algorithms."""
import json
import sys
import time

import numpy as np

args = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
op = args.get("op", "population")
rng = np.random.default_rng(1)

if op == "population":
    units, C, L, bins = args["units"], args["channels"], args["lags"], args["bins"]
    fields = rng.normal(size=(units, L * C))
    stim = rng.uniform(size=(bins, C))
    hist = np.zeros(L * C)
    t0 = time.perf_counter()
    for b in range(bins):
        hist[C:] = hist[:-C]
        hist[:C] = stim[b]
        drive = fields @ hist
        r = np.maximum(0.0, 30.0 * np.maximum(drive - 1.0, 0.0))
        spikes = rng.poisson(r * 0.005)
    dt = time.perf_counter() - t0
    print(json.dumps({"binsPerSecond": bins / dt}))
elif op == "mapping":
    C, L, units, bins = args["channels"], args["lags"], args["units"], args["bins"]
    stim = rng.uniform(size=(bins, C))
    y = rng.poisson(1.0, size=(bins, units)).astype(float)
    t0 = time.perf_counter()
    s = stim - stim.mean(0)
    rows = bins - L + 1
    X = np.empty((rows, L * C))
    for tau in range(L):
        X[:, tau * C:(tau + 1) * C] = s[L - 1 - tau: bins - tau]
    Y = y[L - 1:] - y[L - 1:].mean(0)
    G = X.T @ X
    G[np.diag_indices_from(G)] += np.trace(G) / G.shape[0]
    W = np.linalg.solve(G, X.T @ Y)
    dt = time.perf_counter() - t0
    print(json.dumps({"ms": dt * 1000}))
else:
    C, w, H, bins, trials = args["channels"], args["window"], args["hidden"], args["bins"], args["trials"]
    W = rng.normal(size=(H, w * C)) * 3 / np.sqrt(w * C)
    b = rng.normal(size=H) * 0.5
    specs = rng.uniform(size=(trials, bins, C))
    t0 = time.perf_counter()
    for k in range(trials):
        padded = np.vstack([np.zeros((w - 1, C)), specs[k]])
        # windows, lag-major: row t = [u(t), u(t-1), ..., u(t-w+1)]
        Xw = np.hstack([padded[w - 1 - tau: w - 1 - tau + bins] for tau in range(w)])
        feat = np.tanh(Xw @ W.T + b).mean(0)
    dt = time.perf_counter() - t0
    print(json.dumps({"trialsPerSecond": trials / dt}))
