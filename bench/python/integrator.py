"""Reference for bench/models/integrator.ts: the same Euler update of the tuned rank-one network (or the single
discrete unit) in numpy, one thread. Prints {"seconds": ...} for `steps` steps."""
import json
import sys
import time

import numpy as np

args = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
form = args.get("form", "network")
n = int(args.get("size", 50))
steps = int(args.get("steps", 20000))
noise = float(args.get("noise", 0.0))
dt, tau, lam = 1.0, 100.0, 1.0
rng = np.random.default_rng(1)

if form == "network":
    sign = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
    xi = sign * rng.gamma(1 / 0.09, 2.8 * 0.09, n)
    v0 = xi * sign * (30 + 20 * rng.random(n))
    eta = xi / (xi @ xi)
    c0 = eta @ v0
    v = v0.copy()
    scale = noise * np.sqrt(dt / tau)
    t0 = time.perf_counter()
    for t in range(steps):
        vel = 0.5 if 10 <= t < 30 else 0.0
        feedback = lam * (eta @ v - c0)
        f = np.maximum(v0 + xi * feedback, 0.0)
        v += dt * ((f - v) / tau + xi * vel)
        if noise > 0:
            v += scale * rng.standard_normal(n)
        np.maximum(v, 0.0, out=v)
        if t % 100 == 99:
            e = eta @ v - c0
    seconds = time.perf_counter() - t0
else:
    v = np.zeros(n)
    r = 1.0
    t0 = time.perf_counter()
    for t in range(steps):
        u = 0.5 if 10 <= t < 30 else 0.0
        v = r * v + u
        if t % 100 == 99:
            e = v.mean()
    seconds = time.perf_counter() - t0

print(json.dumps({"seconds": seconds}))
