"""The rate model's continuous step, τ dv/dt = −v + tanh(M·v + W·u), Euler, dense M: numpy on one thread.
args["dtype"] (default float64): float32 draws the same way, then rounds M, W, v to float32 and steps in float32."""
import json, sys, time
import numpy as np

args = json.loads(sys.argv[1])
dtype = np.dtype(args.get("dtype", "float64"))
out = {}
for n in args["sizes"]:
    rng = np.random.default_rng(1)
    m = rng.normal(0, 1.5 / np.sqrt(n), (n, n))
    np.fill_diagonal(m, 0)
    w = rng.normal(0, 1, (n, 1))
    v = rng.normal(0, 0.5, n)
    u = np.zeros(1)
    m, w, v, u = (a.astype(dtype) for a in (m, w, v, u))
    dt, tau = 1.0, 10.0
    steps = args["steps"][str(n)]
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(steps):
            v = v + dt / tau * (-v + np.tanh(m @ v + w @ u))
        assert v.dtype == dtype
        times.append(time.perf_counter() - t0)
    out[str(n)] = steps / sorted(times)[len(times) // 2]
print(json.dumps(out))
