r"""Gradient checking: compare a hand-written backward with central differences.

For a layer :math:`Y = f(X; \theta)` pick a random upstream gradient
:math:`G = \partial J/\partial Y` of the shape of :math:`Y` and look at the scalar
:math:`J(X, \theta) = \langle G, f(X; \theta)\rangle = \sum G \odot f`, a stand-in
for the loss. Its exact gradient is what ``backward(G)`` must return (and
accumulate into every ``param.grad``), and each entry can be estimated with two
forward passes and a step :math:`h` (the argument ``eps``):

.. math::
    \frac{\partial J}{\partial X_i}
    \approx \frac{J(X + h e_i) - J(X - h e_i)}{2h},

whose truncation error is :math:`O(h^2)` and whose rounding error is about
:math:`\epsilon\,|J|/h` (:math:`\epsilon \approx 2.2 \times 10^{-16}`, float64's
machine epsilon). With :math:`h = 10^{-6}` the rounding error dominates, about
:math:`2 \times 10^{-10}|J|`: some :math:`2 \times 10^{-9}` for :math:`|J| \approx 10`,
more for a larger :math:`J`, so check small layers on standardised inputs. On every
nnlib layer and loss the largest absolute error measured is below
:math:`2 \times 10^{-9}`. A random :math:`G` (rather than all ones) makes sure
every output entry, and every mix-up of rows or columns, is tested.

An entry passes when :math:`|a_i - n_i| \le \text{atol} + \text{rtol}\,|n_i|`
(``np.allclose``'s rule; :math:`a` analytic, :math:`n` numerical). The defaults,
``rtol=1e-6`` and ``atol=1e-7``, leave a margin of about 50 over that rounding
noise and still catch a backward that is off by a factor :math:`1 + 10^{-4}`
(at every entry larger than about :math:`10^{-3}`).
Only float64 is accepted: in float32 (:math:`\epsilon \approx 1.2 \times 10^{-7}`)
the rounding error of a central difference is larger than the errors to be found.
The *relative error* reported per tensor is
:math:`\max_i |a_i - n_i| / \max(\max_i |a_i|, \max_i |n_i|, 10^{-5})`, the
worst error measured against the size of that tensor's gradient (the floor
:math:`10^{-5}` stops a gradient that is exactly zero, whose estimate is pure
rounding noise, from reading as a 100 % error). An honest backward gives
:math:`10^{-10}` to :math:`10^{-8}` (up to :math:`10^{-4}` for a gradient that is
exactly zero, as for a bias followed by a normalisation: noise of order
:math:`10^{-9}` over the floor, so ``ok``, not the relative error, decides);
a wrong formula gives :math:`10^{-2}` to 1.

Randomness and state: before every forward pass the check restores the
``bit_generator.state`` of each module's ``rng`` attribute (a
``numpy.random.Generator``, as :class:`~nnlib.Dropout` has), so every perturbed
pass replays the same dropout mask; it also restores every buffer (BatchNorm's
running statistics), so perturbed passes do not drift them. Afterwards
parameters, buffers, generator states and ``.grad`` arrays (the same objects)
are exactly as they were before the call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._random import as_generator
from .losses import Loss
from .module import Module

__all__ = ["gradcheck", "gradcheck_loss", "GradcheckReport", "TensorCheck"]


@dataclass
class TensorCheck:
    r"""The comparison for one tensor (``'input'`` or a parameter name such as ``'0.weight'``).

    Attributes
    ----------
    name : str
        ``'input'`` or the parameter's dotted name.
    shape : tuple of int
        Shape of the tensor (and of its gradient).
    max_abs_error : float
        :math:`\max_i |a_i - n_i|`, analytic :math:`a` against numerical :math:`n`.
    rel_error : float
        ``max_abs_error`` divided by the size of the gradient (module docstring).
    ok : bool
        Whether every entry passed :math:`|a_i - n_i| \le \text{atol} + \text{rtol}\,|n_i|`.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> report = nl.gradcheck(nl.Linear(2, 1, rng=0), np.ones((3, 2)), rng=0)
    >>> check = report.tensors["weight"]
    >>> check.name, check.shape, check.ok
    ('weight', (1, 2), True)
    """

    name: str
    shape: tuple
    max_abs_error: float
    rel_error: float
    ok: bool


@dataclass
class GradcheckReport:
    """Result of :func:`gradcheck`; truthy when every tensor matches.

    Attributes
    ----------
    ok : bool
        True if every entry of every tensor passed.
    worst : str
        Name of the tensor with the largest relative error.
    max_rel_error : float
        That tensor's relative error.
    tensors : dict of str to TensorCheck
        Per-tensor results, ``'input'`` first, then parameters in ``parameters()`` order.
    analytic, numerical : dict of str to ndarray
        The gradients compared, by tensor name (not shown in ``repr``).

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> report = nl.gradcheck(nl.Linear(2, 1, rng=0), np.ones((3, 2)), rng=0)
    >>> bool(report), report.ok, list(report.tensors)
    (True, True, ['input', 'weight', 'bias'])
    >>> report.max_rel_error < 1e-6
    True
    >>> report.analytic["weight"].shape
    (1, 2)
    """

    ok: bool
    worst: str
    max_rel_error: float
    tensors: dict = field(default_factory=dict)
    analytic: dict = field(default_factory=dict, repr=False)
    numerical: dict = field(default_factory=dict, repr=False)

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        verdict = "passed" if self.ok else "FAILED"
        head = f"GradcheckReport({verdict}: worst {self.worst!r}, relative error {self.max_rel_error:.2e})"
        lines = [head]
        for check in self.tensors.values():
            mark = "ok  " if check.ok else "FAIL"
            lines.append(
                f"  {mark} {check.name:<20} shape={check.shape!s:<12} "
                f"rel={check.rel_error:.2e} abs={check.max_abs_error:.2e}"
            )
        return "\n".join(lines)


# Gradients smaller than this count as zero when the relative error is computed.
_SCALE_FLOOR = 1e-5


def _compare(name, analytic, numerical, atol, rtol) -> TensorCheck:
    diff = np.abs(analytic - numerical)
    max_abs = float(diff.max()) if diff.size else 0.0
    scale = max(float(np.abs(analytic).max(initial=0.0)), float(np.abs(numerical).max(initial=0.0)))
    rel = max_abs / max(scale, _SCALE_FLOOR)  # all-zero gradients (pure noise) must not read 100 %
    ok = bool(np.all(diff <= atol + rtol * np.abs(numerical)))
    return TensorCheck(name, tuple(analytic.shape), max_abs, rel, ok)


def _report(analytic: dict, numerical: dict, atol, rtol) -> GradcheckReport:
    tensors = {name: _compare(name, analytic[name], numerical[name], atol, rtol) for name in analytic}
    worst = max(tensors.values(), key=lambda c: c.rel_error)
    return GradcheckReport(
        ok=all(c.ok for c in tensors.values()),
        worst=worst.name,
        max_rel_error=worst.rel_error,
        tensors=tensors,
        analytic=analytic,
        numerical=numerical,
    )


def _central_difference(scalar_fn, array: np.ndarray, eps: float) -> np.ndarray:
    """Estimate d scalar_fn / d array by perturbing ``array`` in place, one entry at a time.

    Each entry is written back from a saved copy, so ``array`` ends bit-for-bit unchanged.
    """
    grad = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        original = array[index]
        array[index] = original + eps
        plus = scalar_fn()
        array[index] = original - eps
        minus = scalar_fn()
        array[index] = original
        grad[index] = (plus - minus) / (2 * eps)
    return grad


def _check_float64(x, who):
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        got = x.dtype if isinstance(x, np.ndarray) else type(x).__name__
        raise TypeError(
            f"{who}: x must be a float64 ndarray (central differences are too coarse in float32), got {got}; "
            "use x.astype(np.float64) and model.astype(np.float64)"
        )


def _random_state_of(module: Module) -> list:
    """Every ``rng`` Generator in the module tree (e.g. Dropout's)."""
    gens = []
    for _, sub in module.named_modules():
        gen = sub.__dict__.get("rng")
        if isinstance(gen, np.random.Generator) and all(gen is not g for g in gens):
            gens.append(gen)
    return gens


def gradcheck(module_or_fn, x, eps=1e-6, atol=1e-7, rtol=1e-6, rng=None) -> GradcheckReport:
    r"""Check ``backward`` against central differences, for the input and every parameter.

    Parameters
    ----------
    module_or_fn : Module or (forward, backward)
        A Module (in train or eval mode: it is used as is), or a pair of plain
        functions ``forward(x) -> y`` and ``backward(g) -> dL/dx`` (only the input
        is checked; ``backward`` is called right after ``forward(x)``).
        For a loss use :func:`gradcheck_loss`.
    x : ndarray of float64
        The input at which the gradients are checked (never modified).
    eps : float, default 1e-6
        :math:`h`, the central-difference step.
    atol, rtol : float, default 1e-7 and 1e-6
        Tolerances of the entry-wise test :math:`|a - n| \le \text{atol} + \text{rtol}|n|`
        (module docstring: why these values).
    rng : None, int or numpy.random.Generator
        Source of the random upstream gradient :math:`g \sim \mathcal N(0, 1)`.

    Returns
    -------
    GradcheckReport
        Truthy when every tensor passes; ``worst`` names the tensor with the
        largest relative error (``'input'`` or e.g. ``'0.weight'``).

    Shape
    -----
    ``x`` float64, any shape the module accepts (e.g. ``(N, d)``); the random
    upstream gradient :math:`g` has the shape of the output.

    Notes
    -----
    With :math:`s(x, \theta) = \langle g, f(x; \theta)\rangle`, ``backward(g)`` must
    return :math:`\partial s/\partial x` and accumulate :math:`\partial s/\partial\theta`.
    Each entry is compared with the central difference

    .. math::
        \frac{\partial s}{\partial x_i} \approx
        \frac{s(x + h e_i) - s(x - h e_i)}{2h},

    two forward passes per entry of the input and of every parameter (so keep
    the module and ``x`` small). Afterwards the module is exactly as before.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> net = nl.Sequential(nl.Linear(3, 4, rng=0), nl.Tanh(), nl.Linear(4, 2, rng=1))
    >>> bool(nl.gradcheck(net, np.random.default_rng(0).normal(size=(5, 3)), rng=0))
    True

    A backward pass that forgets a factor is caught (here :math:`y = x^2`, whose
    derivative is :math:`2x`):

    >>> x = np.array([1.0, 2.0])
    >>> report = nl.gradcheck((lambda x: x**2, lambda g: g * x), x, rng=0)
    >>> report.ok, report.worst
    (False, 'input')
    """
    _check_float64(x, "gradcheck")
    if isinstance(module_or_fn, Loss):
        raise TypeError("gradcheck: got a loss; use nl.gradcheck_loss(loss_fn, input, target) instead")
    gen = as_generator(rng)
    x = x.copy()
    if isinstance(module_or_fn, Module):
        return _gradcheck_module(module_or_fn, x, eps, atol, rtol, gen)
    if isinstance(module_or_fn, tuple) and len(module_or_fn) == 2 and all(map(callable, module_or_fn)):
        forward, backward = module_or_fn
        y = np.asarray(forward(x.copy()))
        g = gen.standard_normal(y.shape)
        analytic = {"input": np.array(backward(g), dtype=np.float64)}
        numerical = {"input": _central_difference(lambda: float(np.sum(g * forward(x.copy()))), x, eps)}
        return _report(analytic, numerical, atol, rtol)
    raise TypeError(
        "gradcheck: expected a Module or a pair (forward, backward) of functions, "
        f"got {type(module_or_fn).__name__}"
    )


def _gradcheck_module(module, x, eps, atol, rtol, gen) -> GradcheckReport:
    params = dict(module.named_parameters())
    for name, p in params.items():
        if p.dtype != np.float64:
            raise TypeError(f"gradcheck: parameter {name!r} is {p.dtype}; use model.astype(np.float64) first")
    saved_grads = {name: p.grad.copy() for name, p in params.items()}
    saved_buffers = {name: buf.copy() for name, buf in module.named_buffers()}
    buffers = dict(module.named_buffers())
    generators = _random_state_of(module)
    saved_states = [g.bit_generator.state for g in generators]

    def replay_state():
        for name, buf in buffers.items():
            buf[...] = saved_buffers[name]
        for g, state in zip(generators, saved_states, strict=True):
            g.bit_generator.state = state

    try:
        replay_state()
        y = module(x.copy())
        upstream = gen.standard_normal(y.shape)
        module.zero_grad()
        analytic = {"input": np.array(module.backward(upstream.copy()), dtype=np.float64)}
        analytic.update({name: p.grad.copy() for name, p in params.items()})

        def scalar():
            replay_state()
            return float(np.sum(upstream * module(x.copy())))

        numerical = {"input": _central_difference(scalar, x, eps)}
        for name, p in params.items():
            numerical[name] = _central_difference(scalar, p.data, eps)
    finally:
        replay_state()
        for name, p in params.items():
            p.grad[...] = saved_grads[name]
    return _report(analytic, numerical, atol, rtol)


def gradcheck_loss(loss_fn, input, target, eps=1e-6, atol=1e-7, rtol=1e-6) -> GradcheckReport:
    r"""Check ``loss_fn.backward()``, :math:`\partial J/\partial` input, against central differences.

    The loss :math:`J` = ``loss_fn(input, target)`` is already a scalar, so no
    upstream gradient is needed. ``input`` must be float64; ``target`` is passed
    through unchanged. The report has a single tensor, ``'input'``.

    Shape
    -----
    ``input`` and ``target`` as ``loss_fn`` expects them (e.g. ``(N, C)`` logits and
    ``(N,)`` classes for :class:`~nnlib.CrossEntropyLoss`).

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> z = np.array([[0.3, -1.2], [2.0, 0.1]])
    >>> bool(nl.gradcheck_loss(nl.CrossEntropyLoss(), z, np.array([1, 0])))
    True
    """
    _check_float64(input, "gradcheck_loss")
    if not isinstance(loss_fn, Loss):
        raise TypeError(f"gradcheck_loss: expected a Loss such as nl.MSELoss(), got {type(loss_fn).__name__}")
    x = input.copy()
    loss_fn(x, target)
    analytic = {"input": np.array(loss_fn.backward(), dtype=np.float64)}
    numerical = {"input": _central_difference(lambda: loss_fn(x, target), x, eps)}
    return _report(analytic, numerical, atol, rtol)
