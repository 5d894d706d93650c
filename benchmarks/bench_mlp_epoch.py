"""One training epoch of a 784-256-128-10 ReLU MLP: nnlib vs PyTorch vs scikit-learn vs plain NumPy.

Workload (identical for every implementation): 20,000 synthetic float32
examples with 784 features and 10 classes, softmax cross-entropy, SGD with
momentum 0.9 (lr 0.01), batch size 128 (157 steps, the last one of 32 rows),
a fresh random order each epoch, float32 throughout.

* nnlib: ``nl.fit(..., progress=False)``, the loop the book uses.
* PyTorch CPU (if importable): the same loop in eager mode, with
  ``torch.set_num_threads`` set to the number of threads NumPy's BLAS uses, so
  both get the same cores.
* scikit-learn (if importable): ``MLPClassifier(solver='sgd', momentum=0.9,
  nesterovs_momentum=False, batch_size=128, alpha=0)`` and one ``partial_fit``
  epoch.
* NumPy floor: a hand-fused loop with the same matrix products and in-place
  updates and no per-layer objects, the fastest this can be with NumPy. It is
  timed twice: computing the same gradients as nnlib (whose contract says that
  every ``backward`` returns dL/d(input), the first layer's included) and
  "training only", skipping dL/dx of the first layer as PyTorch does for an
  input that does not require a gradient. For this network that one product
  (``G @ W`` of the 784-256 layer) costs about as much as the layer's forward
  pass, so the contract adds roughly a third to the arithmetic.

Targets: nnlib <= 0.9 x PyTorch and <= 1.08 x the NumPy floor (same work).
Run with ``python benchmarks/bench_mlp_epoch.py`` (or ``make bench``).
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

N, SIZES, BATCH, LR, MOMENTUM, REPEATS = 20_000, (784, 256, 128, 10), 128, 0.01, 0.9, 5


def make_data(seed: int = 0):
    gen = np.random.default_rng(seed)
    X = gen.standard_normal((N, SIZES[0]), dtype=np.float32)
    y = gen.integers(0, SIZES[-1], size=N)
    return X, y


def nnlib_epoch(X, y):
    model = nl.MLP(list(SIZES), activation="relu", rng=0, dtype=np.float32)
    opt = nl.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    loss_fn = nl.CrossEntropyLoss()
    gen = np.random.default_rng(1)
    return lambda: nl.fit(model, loss_fn, opt, X, y, epochs=1, batch_size=BATCH, progress=False, rng=gen)


def numpy_floor_epoch(X, y, input_grad: bool = True):
    """Hand-fused NumPy: Z = A @ W.T + b, ReLU masks, softmax-CE gradient (P - Y) / B, momentum in place.

    ``input_grad=True`` also computes dL/dx = delta1 @ W1 as nnlib's first Linear layer must.
    """
    gen = np.random.default_rng(0)
    shapes = list(zip(SIZES[1:], SIZES[:-1], strict=True))  # (out, in) per layer
    Ws = [
        gen.normal(0, np.sqrt(2 / fan_in), (fan_out, fan_in)).astype(np.float32) for fan_out, fan_in in shapes
    ]
    bs = [np.zeros(b, np.float32) for b in SIZES[1:]]
    params = Ws + bs
    velocity = [np.zeros_like(p) for p in params]
    order_gen = np.random.default_rng(1)

    def epoch():
        order = order_gen.permutation(N)
        for start in range(0, N, BATCH):
            index = order[start : start + BATCH]
            a0, target = X[index], y[index]
            z1 = a0 @ Ws[0].T
            z1 += bs[0]
            a1 = np.maximum(z1, 0, out=z1)
            z2 = a1 @ Ws[1].T
            z2 += bs[1]
            a2 = np.maximum(z2, 0, out=z2)
            logits = a2 @ Ws[2].T
            logits += bs[2]
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits, out=logits)
            p /= p.sum(axis=1, keepdims=True)
            rows = np.arange(len(index))
            p[rows, target] -= 1
            d3 = p
            d3 /= len(index)
            grads_W = [None, None, d3.T @ a2]
            grads_b = [None, None, d3.sum(axis=0)]
            d2 = d3 @ Ws[2]
            d2 *= a2 > 0
            grads_W[1], grads_b[1] = d2.T @ a1, d2.sum(axis=0)
            d1 = d2 @ Ws[1]
            d1 *= a1 > 0
            grads_W[0], grads_b[0] = d1.T @ a0, d1.sum(axis=0)
            if input_grad:
                d1 @ Ws[0]  # dL/dx of the first layer, discarded
            for param, v, grad in zip(params, velocity, grads_W + grads_b, strict=True):
                v *= MOMENTUM
                v += grad
                param -= LR * v

    return epoch


def torch_epoch(torch, X, y):
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256),
        torch.nn.ReLU(),
        torch.nn.Linear(256, 128),
        torch.nn.ReLU(),
        torch.nn.Linear(128, 10),
    )
    opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    loss_fn = torch.nn.CrossEntropyLoss()
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)
    gen = torch.Generator().manual_seed(1)

    def epoch():
        order = torch.randperm(N, generator=gen)
        for start in range(0, N, BATCH):
            index = order[start : start + BATCH]
            opt.zero_grad()
            loss = loss_fn(model(X_t[index]), y_t[index])
            loss.backward()
            opt.step()

    return epoch


def sklearn_epoch(X, y):
    try:
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        return None
    clf = MLPClassifier(
        hidden_layer_sizes=SIZES[1:-1],
        activation="relu",
        solver="sgd",
        alpha=0.0,
        batch_size=BATCH,
        learning_rate_init=LR,
        momentum=MOMENTUM,
        nesterovs_momentum=False,
        shuffle=True,
        random_state=0,
    )
    classes = np.arange(SIZES[-1])
    return lambda: clf.partial_fit(X, y, classes=classes)


def main(argv=None) -> dict:
    parse_threads(argv)
    threads = numpy_blas_threads()
    torch = try_import_torch(threads)
    print("== bench_mlp_epoch: one epoch, 784-256-128-10 ReLU, 20,000 x float32, batch 128, SGD momentum 0.9")
    print(f"   {describe_machine()}; torch threads = {threads if torch else 'n/a'}")
    X, y = make_data()
    runs = [
        ("nnlib", nnlib_epoch(X, y)),
        ("numpy floor", numpy_floor_epoch(X, y)),
        ("floor, no dx", numpy_floor_epoch(X, y, input_grad=False)),
    ]
    if torch is not None:
        runs.append(("pytorch", torch_epoch(torch, X, y)))
    sk = sklearn_epoch(X, y)
    if sk is not None:
        runs.append(("scikit-learn", sk))
    results = interleaved_medians(dict(runs), REPEATS)
    for name, seconds in results.items():
        print(f"   {name:<13} {seconds:7.3f} s per epoch (median of {REPEATS}, in turns, after warm-up)")
    nn = results["nnlib"]
    ratio_floor = nn / results["numpy floor"]
    print(f"   nnlib / numpy floor = {ratio_floor:.2f}x   (target <= 1.08x: {verdict(ratio_floor, 1.08)})")
    no_dx = nn / results["floor, no dx"]
    print(f"   nnlib / floor without the first layer's dL/dx = {no_dx:.2f}x (no target)")
    if "pytorch" in results:
        ratio_torch = nn / results["pytorch"]
        print(f"   nnlib / pytorch     = {ratio_torch:.2f}x   (target <= 0.9x: {verdict(ratio_torch, 0.90)})")
    else:
        print("   PyTorch not importable: no nnlib / pytorch ratio")
    if "scikit-learn" in results:
        print(f"   nnlib / scikit-learn = {nn / results['scikit-learn']:.2f}x   (no target; for reference)")
    return results


if __name__ == "__main__":
    main()
