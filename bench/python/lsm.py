"""Reference for bench/models/lsm.ts, numpy on one thread: the same liquid (Maass, Natschläger & Markram 2002,
appendix B) and the same step as src/models/lsm/liquid.ts: LIF neurons on a grid (exponential-Euler membrane, exc/inh
currents decaying with 3/6 ms, refractoriness), synapses with probability C·exp(−(D/λ)²), Markram/Tsodyks dynamic
synapses updated on each presynaptic spike, delays through a ring buffer, K Poisson input channels onto 30% of the
neurons. Vectorised over neurons per step, over a spiking neuron's synapses per spike. Brian2 is not installed here.
Prints {"simSecondsPerSecond": x, "rateHz": r, "synapses": m}."""
import json
import sys
import time

import numpy as np

args = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
grid = args.get("grid", [10, 10, 10])
k_in = int(args.get("inputs", 4))
sim_ms = float(args.get("simMs", 500))
dt = 0.1
rng = np.random.default_rng(1)

n = int(np.prod(grid))
pos = np.array([[i % grid[0], (i // grid[0]) % grid[1], i // (grid[0] * grid[1])] for i in range(n)], float)
inh = np.zeros(n, bool)
inh[rng.permutation(n)[: round(0.2 * n)]] = True
C = {(0, 0): 0.3, (0, 1): 0.2, (1, 0): 0.4, (1, 1): 0.1}
UDF = {(0, 0): (0.5, 1.1, 0.05), (0, 1): (0.05, 0.125, 1.2), (1, 0): (0.25, 0.7, 0.02), (1, 1): (0.32, 0.144, 0.06)}
AMP = {(0, 0): 30.0, (0, 1): 60.0, (1, 0): -19.0, (1, 1): -19.0}
DELAY = {(0, 0): 1.5, (0, 1): 0.8, (1, 0): 0.8, (1, 1): 0.8}

d2 = ((pos[:, None, :] - pos[None, :, :]) ** 2).sum(-1)
cmat = np.empty((n, n))
for (a, b), c in C.items():
    cmat[np.ix_(inh == a, inh == b)] = c
conn = rng.random((n, n)) < cmat * np.exp(-d2 / 4.0)
np.fill_diagonal(conn, False)
pre, post = np.nonzero(conn)  # sorted by presynaptic neuron: CSR
start = np.searchsorted(pre, np.arange(n + 1))
m = len(pre)


def positive(mean, sd, size, hi=np.inf):
    x = rng.normal(mean, sd * mean, size)
    bad = (x <= 0) | (x > hi)
    x[bad] = rng.random(bad.sum()) * min(2 * mean, hi)
    return x


U = np.empty(m); D = np.empty(m); F = np.empty(m); A = np.empty(m); delay = np.empty(m, int)
for key in C:
    sel = (inh[pre] == key[0]) & (inh[post] == key[1])
    u0, d0, f0 = UDF[key]
    U[sel] = positive(u0, 0.5, sel.sum(), 1.0)
    D[sel] = 1000 * positive(d0, 0.5, sel.sum())
    F[sel] = 1000 * positive(f0, 0.5, sel.sum())
    A[sel] = np.sign(AMP[key]) * rng.gamma(1.0, abs(AMP[key]), sel.sum())
    delay[sel] = round(DELAY[key] / dt)
ring_len = delay.max() + 2
in_targets = [np.nonzero(rng.random(n) < 0.3)[0] for _ in range(k_in)]
in_amp = [np.where(inh[t], 9.0, 18.0) * rng.gamma(1.0, 1.0, len(t)) for t in in_targets]
refr_steps = np.where(inh, round(2 / dt), round(3 / dt))

decay_m, decay_e, decay_i = np.exp(-dt / 30), np.exp(-dt / 3), np.exp(-dt / 6)


def simulate(steps):
    v = rng.uniform(13.5, 15, n)
    ie = np.zeros(n); ii = np.zeros(n); refr = np.zeros(n, int)
    ring_e = np.zeros((ring_len, n)); ring_i = np.zeros((ring_len, n))
    u = np.zeros(m); r = np.zeros(m); last = np.full(n, -1.0)
    p_in = 20 * dt / 1000
    spikes_total = 0
    for step in range(steps):
        slot = step % ring_len
        ie += ring_e[slot]; ii += ring_i[slot]
        ring_e[slot] = 0; ring_i[slot] = 0
        for ch in np.nonzero(rng.random(k_in) < p_in)[0]:
            ie[in_targets[ch]] += in_amp[ch]
        active = refr <= 0
        v_inf = 13.5 + ie + ii
        v_new = v_inf + (v - v_inf) * decay_m
        spk = active & (v_new >= 15)
        v = np.where(active, v_new, v)
        v[spk] = 13.5
        refr[~active] -= 1
        refr[spk] = refr_steps[spk]
        ie *= decay_e; ii *= decay_i
        t = (step + 1) * dt
        for j in np.nonzero(spk)[0]:
            sl = slice(start[j], start[j + 1])
            if last[j] < 0:
                u[sl] = U[sl]; r[sl] = 1.0
            else:
                delta = t - last[j]
                u_prev = u[sl].copy()
                u[sl] = U[sl] + u_prev * (1 - U[sl]) * np.exp(-delta / F[sl])
                r[sl] = 1 + (r[sl] - u_prev * r[sl] - 1) * np.exp(-delta / D[sl])
            ring = ring_i if inh[j] else ring_e
            ring[(step + 1 + delay[sl]) % ring_len, post[sl]] += A[sl] * u[sl] * r[sl]
            last[j] = t
        spikes_total += int(spk.sum())
    return spikes_total


steps = int(sim_ms / dt)
simulate(steps // 10)
t0 = time.perf_counter()
total = simulate(steps)
wall = time.perf_counter() - t0
print(json.dumps({"simSecondsPerSecond": (sim_ms / 1000) / wall, "rateHz": total / n / (sim_ms / 1000), "synapses": int(m)}))
