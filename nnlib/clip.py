r"""Gradient clipping by the global norm (Pascanu, Mikolov & Bengio, 2013).

When gradients explode, one step of gradient descent can throw the parameters
far away from everything learned so far. Clipping by the *global* norm
rescales all gradients of a model together, so that their joint length is at
most ``max_norm``, and leaves their direction unchanged. With :math:`g` the
concatenation of every parameter's ``.grad`` and :math:`\tau` = ``max_norm``:

.. math::
    \lVert g \rVert = \Bigl(\sum_{\text{parameters } p} \lVert g_p \rVert^2\Bigr)^{1/2},
    \qquad
    g \leftarrow g \cdot \min\Bigl(1, \frac{\tau}{\lVert g \rVert + 10^{-6}}\Bigr).

The small constant :math:`10^{-6}` keeps the division finite for a zero
gradient; it is PyTorch's, so that both libraries clip to the same numbers.
Call it between ``backward`` and ``optimizer.step()``::

    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    model.backward(loss_fn.backward())
    total_norm = clip_grad_norm_(model.parameters(), max_norm=1.0)
    optimizer.step()

It is PyTorch's ``torch.nn.utils.clip_grad_norm_``, with the differences
listed in the docstring of :func:`clip_grad_norm_`.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .parameter import Parameter

__all__ = ["clip_grad_norm_"]

#: Added to the total norm before dividing, as in PyTorch.
EPS = 1e-6


def _as_parameter_list(parameters) -> list[Parameter]:
    """``parameters`` as a list: a single Parameter, or any iterable of Parameters (a generator too)."""
    if isinstance(parameters, Parameter):
        return [parameters]
    try:
        params = list(parameters)
    except TypeError as exc:
        raise TypeError(
            "clip_grad_norm_: parameters must be an nl.Parameter or an iterable of them "
            f"(e.g. model.parameters()), got {type(parameters).__name__}"
        ) from exc
    for i, p in enumerate(params):
        if not isinstance(p, Parameter):
            raise TypeError(
                f"clip_grad_norm_: parameters[{i}] must be an nl.Parameter, got {type(p).__name__}"
            )
    return params


def _check_number(value, name: str, *, allow_inf: bool, positive: bool) -> float:
    """Return ``float(value)`` for a real number (not a bool) that is >= 0 (> 0 if ``positive``)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and not math.isnan(value)
    if ok:
        value = float(value)
        ok = (value > 0 if positive else value >= 0) and (allow_inf or math.isfinite(value))
    if not ok:
        bound = "> 0" if positive else ">= 0"
        raise ValueError(f"clip_grad_norm_: {name} must be a number {bound} (inf allowed), got {value!r}")
    return value


def _total_norm(grads, norm_type: float) -> float:
    """Return the norm of order ``norm_type`` of all ``grads`` taken together, in float64 (0.0 for none)."""
    if not grads:
        return 0.0
    if math.isinf(norm_type):
        return max(float(np.max(np.abs(g))) if g.size else 0.0 for g in grads)
    with np.errstate(over="ignore"):  # an overflowing norm is inf, as in PyTorch
        powers = [float(np.sum(np.abs(g.astype(np.float64, copy=False)) ** norm_type)) for g in grads]
        return float(np.sum(powers) ** (1.0 / norm_type))


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False) -> float:
    r"""Rescale the gradients of ``parameters`` in place so that their global norm is at most ``max_norm``.

    The global norm treats all gradients as one long vector :math:`g`:
    :math:`\lVert g \rVert_q = \bigl(\sum_p \lVert g_p \rVert_q^q\bigr)^{1/q}`, with
    :math:`q` = ``norm_type`` (2 by default; ``inf`` takes the largest
    :math:`|g_i|`). Every ``.grad`` is then multiplied by the same factor
    :math:`\min\bigl(1, \tau / (\lVert g \rVert_q + 10^{-6})\bigr)`, :math:`\tau` =
    ``max_norm``: gradients that are short enough are left as they are (up to
    the :math:`10^{-6}`, which only matters when the norm is close to
    :math:`\tau`), and long ones keep their direction but get length
    :math:`\tau`.

    Parameters
    ----------
    parameters : nl.Parameter or iterable of nl.Parameter
        Usually ``model.parameters()``.
    max_norm : float
        The largest allowed norm :math:`\tau \ge 0`. ``float('inf')`` leaves
        finite gradients unchanged, so ``clip_grad_norm_(params, float('inf'))``
        just measures the norm (see Notes for ``inf`` and ``nan`` gradients).
    norm_type : float, default 2.0
        The :math:`q` of the norm, a number > 0 or ``float('inf')``.
    error_if_nonfinite : bool, default False
        Raise ``RuntimeError`` if the total norm is ``nan`` or ``inf``. If
        False, the gradients are multiplied anyway, as in PyTorch: by 0 when
        the norm is ``inf`` (so ``inf`` entries become ``nan``), by ``nan``
        when it is ``nan``.

    Returns
    -------
    float
        The total norm :math:`\lVert g \rVert_q` **before** clipping. It is
        computed in float64 whatever the gradients' dtype.

    Shape
    -----
    Every ``.grad`` keeps its shape, dtype and array object (it is changed in
    place); the result is a scalar.

    Notes
    -----
    Differences from PyTorch's ``torch.nn.utils.clip_grad_norm_``:

    * the norm is computed in float64 whatever the gradients' dtype, while
      PyTorch computes it in the gradients' dtype. For float32 gradients that
      are finite but whose norm overflows float32, the results differ: two
      entries ``1e30`` with ``max_norm=1`` are clipped by nnlib to about
      ``0.707`` each (norm ``1.414e30``), while PyTorch returns the norm
      ``inf`` and sets both gradients to 0;
    * the norm is returned as a Python float, not a tensor;
    * a negative ``max_norm`` (which PyTorch accepts and which flips every
      gradient) raises ``ValueError``;
    * there is no ``foreach`` option.

    ``max_norm=float('inf')`` leaves the gradients unchanged only when their
    norm is finite: an ``inf`` or ``nan`` norm makes the factor ``nan`` (as
    ``inf / inf`` is), and every gradient becomes ``nan``, in nnlib as in
    PyTorch. Every nnlib Parameter has a ``.grad`` (zeros before the first
    backward pass), so no parameter is skipped. With no parameters at all the
    norm is 0.0 and nothing happens.

    Examples
    --------
    Two gradients whose joint length is :math:`\sqrt{3^2 + 4^2} = 5`, clipped
    to length 1:

    >>> import numpy as np, nnlib as nl
    >>> from nnlib.clip import clip_grad_norm_
    >>> a, b = nl.Parameter(np.zeros(1)), nl.Parameter(np.zeros(1))
    >>> a.grad[:], b.grad[:] = 3.0, 4.0
    >>> clip_grad_norm_([a, b], max_norm=1.0)       # the norm before clipping
    5.0
    >>> a.grad.round(6), b.grad.round(6)           # the same direction, length 1 (minus 2e-7)
    (array([0.6]), array([0.8]))

    A gradient shorter than ``max_norm`` is left alone, and ``max_norm=inf``
    only measures:

    >>> round(clip_grad_norm_([a, b], max_norm=10.0), 6)
    1.0
    >>> model = nl.MLP([3, 4, 1], activation="tanh", rng=0)
    >>> out = model(np.ones((2, 3)))
    >>> _ = model.backward(np.ones((2, 1)))          # fills every .grad
    >>> before = [p.grad.copy() for p in model.parameters()]
    >>> norm = clip_grad_norm_(model.parameters(), float("inf"))
    >>> all(np.array_equal(g, p.grad) for g, p in zip(before, model.parameters()))
    True
    >>> bool(np.isclose(norm, np.sqrt(sum(np.sum(g**2) for g in before))))
    True
    """
    params = _as_parameter_list(parameters)
    max_norm = _check_number(max_norm, "max_norm", allow_inf=True, positive=False)
    norm_type = _check_number(norm_type, "norm_type", allow_inf=True, positive=True)
    grads = [p.grad for p in params]
    total = _total_norm(grads, norm_type)  # ||g||: all gradients as one vector
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(
            f"clip_grad_norm_: the total norm of the gradients is {total}; a gradient is nan or inf "
            "(set error_if_nonfinite=False to clip anyway)"
        )
    coef = min(max_norm / (total + EPS), 1.0) if not math.isnan(total) else math.nan
    if coef != 1.0:  # one factor for every gradient: the direction is kept
        with np.errstate(invalid="ignore"):  # 0 * inf = nan, as in PyTorch
            for g in grads:
                g *= g.dtype.type(coef)
    return total
