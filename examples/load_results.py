"""Load the results of `ntk-dynamics run` into NumPy, and plot the loss curves if matplotlib is there.

    ntk-dynamics run --out ./ntk-report          # or: npm start, in a clone of the repository
    python3 examples/load_results.py ./ntk-report/results.json

For each optimizer run, `training` holds the network's recorded steps and losses, `linearized`
the prediction of the network linearized at initialisation (kernel H(0)) and `ode` the ODE limit
with the infinite-width kernel; each has `steps` and `loss`. With a test split (`--test-n`, on by
default), `test` holds the loss on the held-out points at the same steps: the network's
(`network`) and the two kernel models' (`linearized`, `infiniteWidth`; null where that model is
unstable or was left out). Needs NumPy; matplotlib is optional.
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
    line = f"{run['name']:>12}: loss {loss[0]:.3e} -> {loss[-1]:.3e} in {int(steps[-1])} steps"
    test = run.get("test")
    if test:
        test_steps = np.asarray(test["steps"], dtype=float)
        for model in ("network", "linearized", "infiniteWidth"):
            if test.get(model) is not None:
                curves[run["name"]][f"test, {model}"] = (test_steps, np.asarray(test[model], dtype=float))
        line += f"; test loss {test['network'][0]:.3e} -> {test['network'][-1]:.3e}"
    print(line)

try:
    import matplotlib

    matplotlib.use("Agg")  # write a file; no display needed
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed: no plot (pip install matplotlib)")
    sys.exit(0)

has_test = any(part.startswith("test") for parts in curves.values() for part in parts)
fig, axes = plt.subplots(1, 2 if has_test else 1, figsize=(12 if has_test else 7, 4.5), squeeze=False)
styles = {"training": "-", "linearized": "--", "ode": ":", "test, network": "-", "test, linearized": "--", "test, infiniteWidth": ":"}
for i, (name, parts) in enumerate(curves.items()):
    for part, (steps, loss) in parts.items():
        ax = axes[0][1] if part.startswith("test") else axes[0][0]
        ax.semilogy(steps, loss, styles[part], color=f"C{i}", label=f"{name} ({part})")
for ax, title in zip(axes[0], ("training loss", "test loss")):
    ax.set_title(title)
    ax.set_xlabel("step k")
    ax.set_ylabel("loss")
    ax.legend(fontsize=8)
out = path.rsplit(".", 1)[0] + "-losses.png"
fig.savefig(out, dpi=120, bbox_inches="tight")
print(f"wrote {out}")
