"""One training step of a tiny network: where per-call overhead, not arithmetic, dominates.

Workload: a 2-8-8-1 tanh MLP, float64, batch of 32, MSE loss, plain SGD
(lr 0.1). One step = ``zero_grad``, forward, loss, backward, optimiser step.
The matrices are so small that the time is Python and framework overhead: the
per-layer checks, the allocations, the dispatch. PyTorch pays for its autograd
graph and dispatcher on every operation, so a lean NumPy implementation can be
several times faster here.

Targets: nnlib <= 60 microseconds per step and <= 0.35 x PyTorch.
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


def nnlib_steps(X, y):
    model = nl.MLP([2, 8, 8, 1], activation="tanh", rng=0)
    opt = nl.optim.SGD(model.parameters(), lr=LR)
    loss_fn = nl.MSELoss()

    def run():
        for _ in range(STEPS):
            opt.zero_grad()
            loss_fn(model(X), y)
            model.backward(loss_fn.backward())
            opt.step()

    return run


def torch_steps(torch, X, y):
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1)
    ).double()
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.MSELoss()
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
    print("== bench_tiny_step: one step of a 2-8-8-1 tanh MLP, batch 32, MSE, SGD (float64)")
    print(f"   {describe_machine()}; torch threads = {threads if torch else 'n/a'}")
    gen = np.random.default_rng(0)
    X = gen.standard_normal((BATCH, 2))
    y = gen.standard_normal((BATCH, 1))
    runs = [("nnlib", nnlib_steps(X, y))]
    if torch is not None:
        runs.append(("pytorch", torch_steps(torch, X, y)))
    results = {name: sec / STEPS * 1e6 for name, sec in interleaved_medians(dict(runs), REPEATS).items()}
    for name in results:
        print(f"   {name:<8} {results[name]:7.1f} us per step "
              f"(median of {REPEATS} x {STEPS} steps, after a warm-up)")
    nn = results["nnlib"]
    print(f"   nnlib absolute      = {nn:.1f} us   (target <= 60 us: {verdict(nn, 60)})")
    if "pytorch" in results:
        ratio = nn / results["pytorch"]
        print(f"   nnlib / pytorch     = {ratio:.2f}x   (target <= 0.35x: {verdict(ratio, 0.35)})")
    else:
        print("   PyTorch not importable: no nnlib / pytorch ratio")
    return results


if __name__ == "__main__":
    main()
