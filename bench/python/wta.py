"""Reference for bench/models/wta.ts: the same Euler updates of the lateral and inhibitory WTA, and the soft WTA's
softmax draw, in numpy on one thread. Prints {"seconds": ...} for `steps` steps."""
import json
import sys
import time

import numpy as np

args = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
variant = args.get("variant", "lateral")
k = int(args.get("size", 10))
dt = float(args.get("dt", 0.2))
steps = int(args.get("steps", 20000))
tau, tau_i, beta, temperature = 10.0, 2.0, 1.5, 0.1
rng = np.random.default_rng(1)
drive = rng.random(k)
v = np.zeros(k)
u = 0.0

t0 = time.perf_counter()
if variant == "lateral":
    for t in range(steps):
        s = v.sum()
        f = np.maximum(drive - beta * (s - v), 0.0)
        v += dt * (f - v) / tau
        if t % 100 == 99:
            top2 = np.partition(v, -2)[-2:]
elif variant == "inhibitory":
    alpha = beta
    for t in range(steps):
        s = v.sum()
        f = np.maximum(drive + alpha * v - beta * u, 0.0)
        v += dt * (f - v) / tau
        u += dt * (max(s, 0.0) - u) / tau_i
        if t % 100 == 99:
            top2 = np.partition(v, -2)[-2:]
else:
    a = 1 - np.exp(-dt / tau)
    for t in range(steps):
        p = np.exp((drive - drive.max()) / temperature)
        p /= p.sum()
        spikes = np.zeros(k)
        if rng.random() < 1.0:
            w = min(int(np.searchsorted(np.cumsum(p), rng.random(), side="right")), k - 1)
            spikes[w] = 1.0
        v += a * (spikes - v)
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds}))
