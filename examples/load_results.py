"""Load the results of `ntk-dynamics run` into NumPy, and plot the loss curves if matplotlib is there.

    ntk-dynamics run --out ./ntk-report          # or: npm start, in a clone of the repository
    python3 examples/load_results.py ./ntk-report/results.json

For each optimizer run, `training` holds the network's recorded steps and losses, `linearized`
the prediction of the network linearized at initialisation (kernel H(0)) and `ode` the ODE limit
with the infinite-width kernel; each has `steps` and `loss`. Needs NumPy; matplotlib is optional.
"""
import json
import sys

import numpy as np

path = sys.argv[1] if len(sys.argv) > 1 else "ntk-report/results.json"
with open(path, encoding="utf-8") as f:
    results = json.load(f)

print(f"ntk-dynamics {results['version']}: {results['config']['description']}")
print(f"lambda_0 = {results['lambda0']:.4e}, lambda_max = {results['lambdaMax']:.4e}")
curves = {}
for run in results["runs"]:
    curves[run["name"]] = {
        part: (np.asarray(run[part]["steps"], dtype=float), np.asarray(run[part]["loss"], dtype=float))
        for part in ("training", "linearized", "ode")
        if part in run
    }
    steps, loss = curves[run["name"]]["training"]
    print(f"{run['name']:>12}: loss {loss[0]:.3e} -> {loss[-1]:.3e} in {int(steps[-1])} steps")

try:
    import matplotlib

    matplotlib.use("Agg")  # write a file; no display needed
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed: no plot (pip install matplotlib)")
    sys.exit(0)

fig, ax = plt.subplots(figsize=(7, 4.5))
styles = {"training": "-", "linearized": "--", "ode": ":"}
for i, (name, parts) in enumerate(curves.items()):
    for part, (steps, loss) in parts.items():
        ax.semilogy(steps, loss, styles[part], color=f"C{i}", label=f"{name} ({part})")
ax.set_xlabel("step k")
ax.set_ylabel("loss")
ax.legend(fontsize=8)
out = path.rsplit(".", 1)[0] + "-losses.png"
fig.savefig(out, dpi=120, bbox_inches="tight")
print(f"wrote {out}")
