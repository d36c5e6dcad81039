"""Hopfield capacity: recall against the load α = P/N, with the 0.138 line (Amit, Gutfreund & Sompolinsky 1985).

Every load × seed is one task on the server's pool: a network of N units stores P = αN random patterns with the
Hebbian rule, then each of the first patterns is cued with 10 % of its bits flipped and left to settle; the task
reports the fraction retrieved (overlap ≥ 0.9 with the cued pattern... as the server classifies it) and the mean
final overlap. Below α ≈ 0.138 nearly every pattern is recalled; above it recall collapses into spurious states.
The same steps as examples/hopfield_capacity.ipynb; CI runs this with --small.

    python3 examples/hopfield_capacity.py --url http://127.0.0.1:8080 [--small] [--plot capacity.png]
"""
import argparse
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python"))
import rnnlab  # noqa: E402

ALPHA_C = 0.138


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", default=os.environ.get("RNNLAB_URL", "http://127.0.0.1:8080"))
    ap.add_argument("--token", default=os.environ.get("RNNLAB_TOKEN"))
    ap.add_argument("--small", action="store_true", help="a quick version (CI): N=120, 6 loads, 2 seeds")
    ap.add_argument("--plot", help="write the figure here (needs matplotlib)")
    args = ap.parse_args()

    if args.small:
        n, loads, seeds, tested = 120, [0.03, 0.08, 0.12, 0.16, 0.22, 0.3], 2, 8
    else:
        n, loads, seeds, tested = 800, [round(a, 3) for a in np.linspace(0.02, 0.3, 15)], 4, 30

    client = rnnlab.Client(args.url, token=args.token)
    exp = client.experiment(
        "hopfield",
        name=f"Hopfield capacity N={n}",
        config={"size": n, "rule": "hebbian", "patterns": {"type": "random", "load": loads[0]}},
        grid={"patterns.load": loads},
        seeds=seeds,
        train={"recall": {"patterns": tested, "flip": 0.1, "maxSweeps": 50}},
        metrics=["train.retrievedFraction", "train.meanRecallOverlap", "train.patternsStored"],
    )
    retrieved, axes = exp.array("train.retrievedFraction")
    overlap, _ = exp.array("train.meanRecallOverlap")
    r_mean = np.nanmean(retrieved, axis=1)
    m_mean = np.nanmean(overlap, axis=1)

    print(f"Hopfield N={n}, Hebbian, cues with 10% flipped bits, {seeds} seeds per load, {tested} patterns tested")
    print(f"{'alpha':>6} {'retrieved fraction':>19} {'mean overlap':>13} {'1-step error (theory)':>22}")
    for a, r, m in zip(axes["patterns.load"], r_mean, m_mean):
        p_err = 0.5 * math.erfc(1 / math.sqrt(2 * a))
        print(f"{a:6.3f} {r:19.3f} {m:13.3f} {p_err:22.4f}")

    below = r_mean[np.array(axes["patterns.load"]) <= 0.08]
    above = r_mean[np.array(axes["patterns.load"]) >= 0.2]
    print(f"below alpha=0.08: retrieved {below.mean():.2f}; above alpha=0.2: retrieved {above.mean():.2f} (alpha_c = {ALPHA_C})")
    if not (below.mean() > 0.8 and above.mean() < below.mean() - 0.3):
        print("unexpected: recall does not collapse past the capacity", file=sys.stderr)
        return 1

    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 4))
        x = np.array(axes["patterns.load"])
        ax.plot(x, r_mean, "o-", label="retrieved fraction")
        ax.plot(x, m_mean, "s--", label="mean final overlap")
        ax.axvline(ALPHA_C, color="k", ls=":", label=r"$\alpha_c \approx 0.138$")
        ax.set_xlabel(r"load $\alpha = P/N$")
        ax.set_ylabel("recall")
        ax.set_title(f"Hopfield capacity (N={n}, Hebbian)")
        ax.legend()
        fig.tight_layout()
        fig.savefig(args.plot, dpi=120)
        print(f"written: {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
