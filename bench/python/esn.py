"""Reference for bench/models/esn.ts, numpy on one thread: an echo state network step x <- tanh(W x + w_in u + b)
with W sparse (10% density) stepped as CSR (values * x[cols], summed per row with np.add.reduceat) and as a dense
matrix-vector product, plus the readout; and the ridge readout fit on rows x features states: Cholesky of X^T X + lam I
(np.linalg.cholesky + two triangular solves via np.linalg.solve) and QR of [X; sqrt(lam) I] (np.linalg.qr, mode r).
Prints {"sparseStepsPerSecond", "denseStepsPerSecond", "choleskyMs", "qrMs"}."""
import json
import sys
import time

import numpy as np

args = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
n = int(args.get("n", 1000))
density = float(args.get("density", 0.1))
steps = int(args.get("steps", 2000))
rows = int(args.get("rows", 10000))
features = int(args.get("features", n + 1))
rng = np.random.default_rng(1)

W = np.where(rng.random((n, n)) < density, rng.uniform(-1, 1, (n, n)), 0.0)
rho = np.max(np.abs(np.linalg.eigvals(W)))
W *= 0.95 / rho
w_in = rng.uniform(-1, 1, n)
w_out = rng.normal(size=n + 2)
rows_idx, cols = np.nonzero(W)
vals = W[rows_idx, cols]
starts = np.searchsorted(rows_idx, np.arange(n))


def run(step):
    x = np.zeros(n)
    t0 = time.perf_counter()
    for _ in range(steps):
        u = rng.uniform(-1, 1)
        x = step(x, u)
        y = w_out[:n] @ x + w_out[n] * u + w_out[n + 1]
    return steps / (time.perf_counter() - t0)


def sparse_step(x, u):
    return np.tanh(np.add.reduceat(vals * x[cols], starts) + w_in * u)


def dense_step(x, u):
    return np.tanh(W @ x + w_in * u)


sparse = max(run(sparse_step) for _ in range(3))
dense = max(run(dense_step) for _ in range(3))

X = np.tanh(rng.normal(size=(rows, features)))
X[:, -1] = 1
Y = rng.normal(size=rows)
lam = 1e-8


def chol_fit():
    G = X.T @ X + lam * np.eye(features)
    L = np.linalg.cholesky(G)
    z = np.linalg.solve(L, X.T @ Y)
    return np.linalg.solve(L.T, z)


def qr_fit():
    A = np.vstack([X, np.sqrt(lam) * np.eye(features)])
    b = np.concatenate([Y, np.zeros(features)])
    Q, R = np.linalg.qr(A, mode="reduced")
    return np.linalg.solve(R, Q.T @ b)


def best(fn, k):
    ts = []
    for _ in range(k):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1000)
    return min(ts)


print(json.dumps({"sparseStepsPerSecond": sparse, "denseStepsPerSecond": dense, "choleskyMs": best(chol_fit, 3), "qrMs": best(qr_fit, 2)}))
