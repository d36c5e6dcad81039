"""Reference for the LIF row of bench/models/kernels.ts: the same network as `lif` in bench/python/kernels.py, written
in Brian2 the idiomatic way. Prints one JSON line:
  {"brian2": version, "target": "cython"|"numpy", "python": interpreter, "lifSimSPerS": ..., "lifRateHz": ...}
or {"brian2": null, "python": ...} when no interpreter here has brian2 (exit status 0: "not installed" is an answer).

The network: N = 1000 LIF neurons, tau_m 20 ms, tau_s 5 ms, refractory 2 ms (v held at 0), threshold 1, reset 0,
constant drive U(0.9, 1.3) per neuron, all-to-all Bernoulli(0.1) connections (self-connections included) of weight
0.02 added to the postsynaptic current on each spike, no delay, dt = 0.1 ms, everything starting at 0. Brian2 draws
its own connections and drives (same statistics, not the same matrix).

Two O(dt) conventions differ from kernels.py / lifStep, both Brian2's defaults: 'exact' integrates the linear
(v, syn) system over a step where lifStep holds syn constant over it, and Brian2 stamps a spike at the start of the
step whose update crossed threshold, so v is held at 0 for 19 steps after that step where lifStep holds it 20. With
Brian2's connections and drives, kernels.py's loop gave 41.85 Hz and this network 41.84 Hz; Brian2 with syn held
over a step and refractory=2.1*ms gave exactly kernels.py's spike count (checked once, 2026-11-28).

Timed in CPU time of the process (time.process_time, like kernels.py), median of `net.run` over repeats after a
warm-up run that compiles the code objects; the network state is restored before each run, outside the timing.

Debian's python3-brian installs into /usr/bin/python3, while `python3` on PATH may be another interpreter (pyenv):
when brian2 is missing from this one, the script re-runs itself once under /usr/bin/python3.
"""
import json
import os
import sys
import time
import warnings

args = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}

warnings.filterwarnings("ignore", category=FutureWarning)  # numpy 1.24 vs Debian's pythran, on import
try:
    import brian2 as b2
except ImportError:
    system_python = "/usr/bin/python3"
    if os.environ.get("LIF_BRIAN2_REEXEC") != "1" and os.path.exists(system_python) and os.path.realpath(
        sys.executable
    ) != os.path.realpath(system_python):
        os.environ["LIF_BRIAN2_REEXEC"] = "1"
        sys.stdout.flush()
        os.execv(system_python, [system_python] + sys.argv)
    print(json.dumps({"brian2": None, "python": sys.executable}))
    sys.exit(0)

import logging

import numpy as np

logging.getLogger("brian2").setLevel(logging.ERROR)
b2.BrianLogger.suppress_hierarchy("brian2.codegen")
b2.BrianLogger.suppress_hierarchy("brian2.stateupdaters")

n = int(args.get("n", 1000))
quick = bool(args.get("quick", False))
reps = 3
sim_ms = 200 if quick else 1000


def build(target):
    b2.start_scope()
    b2.prefs.codegen.target = target
    b2.defaultclock.dt = 0.1 * b2.ms
    b2.seed(1)
    params = {"tau_m": 20 * b2.ms, "tau_s": 5 * b2.ms, "w": 0.02}
    eqs = """
    dv/dt = (drive + syn - v) / tau_m : 1 (unless refractory)
    dsyn/dt = -syn / tau_s : 1
    drive : 1 (constant)
    """
    g = b2.NeuronGroup(n, eqs, threshold="v >= 1", reset="v = 0", refractory=2 * b2.ms, method="exact",
                       namespace=params)
    g.drive = "0.9 + 0.4 * rand()"
    s = b2.Synapses(g, g, on_pre="syn_post += w", namespace=params)
    s.connect(p=0.1)
    mon = b2.SpikeMonitor(g, record=False)
    net = b2.Network(g, s, mon)
    net.store("init")
    return net, mon


def measure(target):
    net, mon = build(target)
    net.run(sim_ms * b2.ms)  # warm-up: code generation and, for cython, compilation (cached in ~/.cython)
    ts = []
    rate = 0.0
    for _ in range(reps):
        net.restore("init")
        t0 = time.process_time()
        net.run(sim_ms * b2.ms)
        ts.append(time.process_time() - t0)
        rate = mon.num_spikes / n / (sim_ms / 1000)
    return (sim_ms / 1000) / float(np.median(ts)), rate


out = {"brian2": b2.__version__, "python": sys.executable}
# Brian2's fastest runtime target: Cython (C compiled per code object). Without Cython or a C compiler, numpy.
from brian2.codegen.runtime.cython_rt import CythonCodeObject

target = "cython" if CythonCodeObject.is_available() else "numpy"
sim_s_per_s, rate = measure(target)
out.update(target=target, lifSimSPerS=sim_s_per_s, lifRateHz=rate)
print(json.dumps(out))
