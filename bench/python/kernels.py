"""Reference for bench/models/kernels.ts: the same algorithms in numpy (OpenBLAS, one thread: the harness sets
OPENBLAS_NUM_THREADS=1). Prints one JSON line with the median figure of each kernel.
  matvec  y = A x (float64 and float32), N x N                 -> GFLOP/s (2 N^2 flops)
  matmul  C = A B, N x N                                        -> GFLOP/s (2 N^3 flops)
  esn     x = tanh(W x + w_in u), W dense with 10 % nonzeros    -> steps/s (dense and scipy CSR)
  gram    G = X^T X, T x N                                      -> ms
  chol    L = cholesky(G + lambda I), N x N                     -> ms
  ridge   W = solve(X^T X + lambda I, X^T y) by Cholesky        -> s
  rls     k = P r; c = 1/(1 + r.k); P -= c k k^T, N x N         -> updates/s
  hopfield 10 asynchronous sweeps, random order, N units        -> ms
  lif     N LIF neurons, dt = 0.1 ms, exact integration, dense synapses added per spike -> simulated s per s
"""
import json
import sys
import time

import numpy as np

args = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
n = int(args.get("n", 1000))
quick = bool(args.get("quick", False))
reps = 3 if quick else 7
rng = np.random.default_rng(1)


def med(fn, repeats=reps):
    """Median CPU time of the process (time.process_time: all threads, and BLAS has one), not wall time: on a shared,
    overloaded machine wall time measures the other tenants. bench/models/kernels.ts measures the same way."""
    fn()
    ts = []
    for _ in range(repeats):
        t0 = time.process_time()
        fn()
        ts.append(time.process_time() - t0)
    return float(np.median(ts))


out = {}
A = rng.standard_normal((n, n))
x = rng.standard_normal(n)
inner = 200


def mv():
    for _ in range(inner):
        A @ x


out["matvecF64"] = 2 * n * n * inner / med(mv) / 1e9
A32 = A.astype(np.float32)
x32 = x.astype(np.float32)


def mv32():
    for _ in range(inner):
        A32 @ x32


out["matvecF32"] = 2 * n * n * inner / med(mv32) / 1e9
B = rng.standard_normal((n, n))
out["matmulF64"] = 2 * n ** 3 / med(lambda: A @ B, 3) / 1e9

# ESN step, 10 % density
W = (rng.random((n, n)) < 0.1) * rng.standard_normal((n, n)) * 0.9 / np.sqrt(0.1 * n)
win = rng.uniform(-1, 1, n)
state = {"x": np.zeros(n)}
esn_steps = 500


def esn():
    xx = state["x"]
    for t in range(esn_steps):
        xx = np.tanh(W @ xx + win * np.sin(0.1 * t))
    state["x"] = xx


out["esnDense"] = esn_steps / med(esn)
try:
    import scipy.sparse as sp

    Ws = sp.csr_matrix(W)

    def esn_sparse():
        xx = state["x"]
        for t in range(esn_steps):
            xx = np.tanh(Ws @ xx + win * np.sin(0.1 * t))
        state["x"] = xx

    out["esnCsr"] = esn_steps / med(esn_sparse)
except ImportError:
    out["esnCsr"] = None

# Ridge readout, T x N states
T = int(args.get("ridgeRows", 10000))
X = rng.standard_normal((T, n))
y = rng.standard_normal(T)
lam = 1e-6
out["gramMs"] = 1000 * med(lambda: X.T @ X, 3)
G = X.T @ X + lam * np.eye(n)
out["choleskyMs"] = 1000 * med(lambda: np.linalg.cholesky(G), 3)
try:
    from scipy.linalg import cho_factor, cho_solve

    def ridge():
        g = X.T @ X
        g[np.diag_indices(n)] += lam
        return cho_solve(cho_factor(g, lower=True), X.T @ y)
except ImportError:
    def ridge():
        g = X.T @ X
        g[np.diag_indices(n)] += lam
        return np.linalg.solve(g, X.T @ y)
out["ridgeS"] = med(ridge, 3)

# RLS (FORCE): one rank-one update
P = np.eye(n)
r = np.tanh(rng.standard_normal(n))
rls_inner = 50


def rls():
    global P
    for _ in range(rls_inner):
        k = P @ r
        c = 1.0 / (1.0 + r @ k)
        P -= c * np.outer(k, k)


out["rlsPerS"] = rls_inner / med(rls, 3)

# Hopfield: 10 asynchronous sweeps
pats = np.where(rng.random((3, n)) < 0.5, 1.0, -1.0)
Wh = pats.T @ pats / n
np.fill_diagonal(Wh, 0)
order = rng.permutation(n)


def hop():
    s = np.where(rng.random(n) < 0.5, 1.0, -1.0)
    for _ in range(10):
        for i in order:
            h = Wh[i] @ s
            if h > 0:
                s[i] = 1.0
            elif h < 0:
                s[i] = -1.0


out["hopfieldMs"] = 1000 * med(hop, 3)

# LIF: tau_m 20 ms, tau_s 5 ms, t_ref 2 ms, theta 1, drive 0.9..1.3 theta, W 10 % at 0.02
dt, tau_m, tau_s, t_ref = 0.1, 20.0, 5.0, 2.0
alpha, decay = np.exp(-dt / tau_m), np.exp(-dt / tau_s)
Wl = (rng.random((n, n)) < 0.1) * 0.02
drive = rng.uniform(0.9, 1.3, n)
sim_ms = 200 if quick else 1000
lif_state = {}


def lif():
    v = np.zeros(n)
    ref = np.zeros(n)
    syn = np.zeros(n)
    spikes = 0
    for _ in range(int(sim_ms / dt)):
        cur = drive + syn
        refr = ref > 0
        v = np.where(refr, 0.0, v * alpha + (1 - alpha) * cur)
        ref = np.where(refr, ref - dt, ref)
        fired = np.flatnonzero(v >= 1.0)
        v[fired] = 0.0
        ref[fired] = t_ref
        syn *= decay
        if fired.size:
            syn += Wl[fired].sum(axis=0)
        spikes += fired.size
    lif_state["rate"] = spikes / n / (sim_ms / 1000)


out["lifSimSPerS"] = (sim_ms / 1000) / med(lif, 3)
out["lifRateHz"] = lif_state["rate"]
print(json.dumps(out))
