"""One training step of a tiny network: where per-call overhead, not arithmetic, dominates.

Workload: a 2-8-8-1 tanh MLP, batch of 32, plain SGD (lr 0.1), in four variants:
MSE or BCE-with-logits, float64 or float32. One step = ``zero_grad``, forward,
loss, backward, optimiser step.
The matrices are so small that the time is Python and framework overhead: the
per-layer checks, the allocations, the dispatch. PyTorch pays for its autograd
graph and dispatcher on every operation, so a lean NumPy implementation can be
several times faster here.

Targets, for every variant: nnlib <= 45 microseconds per step and <= 0.2 x PyTorch.
Run with ``python benchmarks/bench_tiny_step.py`` (or ``make bench``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _timing import (  # noqa: E402
    describe_machine,
    interleaved_medians,
    numpy_blas_threads,
    parse_threads,
    try_import_torch,
    verdict,
)

import nnlib as nl  # noqa: E402

BATCH, STEPS, REPEATS, LR = 32, 2_000, 7, 0.1


LOSSES = {"mse": ("MSELoss", "MSELoss"), "bce-logits": ("BCEWithLogitsLoss", "BCEWithLogitsLoss")}
DTYPES = {"float64": np.float64, "float32": np.float32}
TARGET_US, TARGET_RATIO = 45, 0.2


def nnlib_steps(X, y, loss):
    model = nl.MLP([2, 8, 8, 1], activation="tanh", rng=0).astype(X.dtype)
    opt = nl.optim.SGD(model.parameters(), lr=LR)
    loss_fn = getattr(nl, LOSSES[loss][0])()

    def run():
        for _ in range(STEPS):
            opt.zero_grad()
            loss_fn(model(X), y)
            model.backward(loss_fn.backward())
            opt.step()

    return run


def torch_steps(torch, X, y, loss):
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1)
    ).to(getattr(torch, str(X.dtype)))
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = getattr(torch.nn, LOSSES[loss][1])()
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)

    def run():
        for _ in range(STEPS):
            opt.zero_grad()
            loss = loss_fn(model(X_t), y_t)
            loss.backward()
            opt.step()

    return run


def main(argv=None) -> dict:
    parse_threads(argv)
    threads = numpy_blas_threads()
    torch = try_import_torch(threads)
    print("== bench_tiny_step: one step of a 2-8-8-1 tanh MLP, batch 32, SGD;")
    print("   MSE or BCE-with-logits, float64 or float32")
    print(f"   {describe_machine()}; torch threads = {threads if torch else 'n/a'}")
    gen = np.random.default_rng(0)
    X64 = gen.standard_normal((BATCH, 2))
    y64 = (gen.random((BATCH, 1)) < 0.5).astype(np.float64)  # 0/1 targets suit both losses
    results = {}
    for loss in LOSSES:
        for dtype_name, dtype in DTYPES.items():
            X, y = X64.astype(dtype), y64.astype(dtype)
            runs = {"nnlib": nnlib_steps(X, y, loss)}
            if torch is not None:
                runs["pytorch"] = torch_steps(torch, X, y, loss)
            times = {name: sec / STEPS * 1e6 for name, sec in interleaved_medians(runs, REPEATS).items()}
            results[(loss, dtype_name)] = times
            nn = times["nnlib"]
            line = f"   {loss:<10} {dtype_name}: nnlib {nn:6.1f} us "
            line += f"(target <= {TARGET_US} us: {verdict(nn, TARGET_US)})"
            if "pytorch" in times:
                ratio = nn / times["pytorch"]
                line += f"; pytorch {times['pytorch']:6.1f} us; ratio {ratio:.2f}x "
                line += f"(target <= {TARGET_RATIO}x: {verdict(ratio, TARGET_RATIO)})"
            print(line)
    print(f"   (median of {REPEATS} x {STEPS} steps each, after a warm-up)")
    if torch is None:
        print("   PyTorch not importable: no nnlib / pytorch ratios")
    return results


if __name__ == "__main__":
    main()
