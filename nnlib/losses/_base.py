r"""The :class:`Loss` base class: ``loss = loss_fn(input, target)``, then ``loss_fn.backward()``.

A loss maps a batch of predictions and targets to the empirical risk

.. math::
    J = \frac{1}{M} \sum_{i=1}^{M} \mathcal{L}_i,

the mean of the per-element losses :math:`\mathcal{L}_i` (PyTorch's
``reduction='mean'``; :math:`M` is the number of elements, or of examples for
cross-entropy). Calling it returns :math:`J` as a Python float and caches what
:meth:`Loss.backward` needs to return :math:`\partial J/\partial \text{input}`,
an array with the shape and dtype of ``input``. That array is the upstream
gradient handed to the network's ``backward``.

A loss has no parameters, so it is not a :class:`~nnlib.Module`.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_float_input

__all__ = ["Loss"]


class Loss:
    r"""Base class of every loss: input checks, the cache and the backward guard.

    Subclasses implement ``_forward(input, target) -> (loss, grad)`` where
    ``grad`` is :math:`\partial J/\partial\text{input}`. Computing the gradient
    during the forward call keeps each loss's formula and its derivative side by
    side; ``backward()`` then returns it.

    Differences from PyTorch: ``input.shape`` must equal ``target.shape`` (a
    ``ValueError`` instead of broadcasting), targets of a float loss must be
    floating point (they are cast to ``input.dtype``), and only
    ``reduction='mean'`` exists.

    Shape
    -----
    ``input`` and ``target`` the same shape, e.g. ``(N, 1)`` (except
    :class:`~nnlib.CrossEntropyLoss`: ``(N, C)`` and ``(N,)``). The loss is a
    Python float; ``backward()`` returns an array of the shape and dtype of ``input``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> loss_fn = nl.MSELoss()
    >>> loss_fn(np.array([[1.0], [3.0]]), np.array([[0.0], [0.0]]))    # J = (1 + 9) / 2
    5.0
    >>> loss_fn.backward()                                              # 2 (y_hat - y) / M
    array([[1.],
           [3.]])
    """

    #: Which of ``('input', 'target')`` must lie in [0, 1] (probabilities, soft labels);
    #: checked with the rest, before ``_forward``.
    _unit_interval: tuple[str, ...] = ()

    def __init__(self):
        self._grad = None

    def __call__(self, input, target) -> float:
        """Return :meth:`forward` of ``(input, target)``: ``loss_fn(input, target)``."""
        return self.forward(input, target)

    def forward(self, input, target) -> float:
        """Return the mean loss as a Python float and cache the gradient."""
        input, target = self._check(input, target)
        loss, grad = self._forward(input, target)
        self._grad = grad.astype(input.dtype, copy=False)
        return float(loss)

    def backward(self) -> np.ndarray:
        r"""Return :math:`\partial J/\partial\text{input}` for the last call (shape and dtype of input)."""
        if self._grad is None:
            raise RuntimeError(
                f"{type(self).__name__}.backward() called before the loss was computed: "
                "call loss_fn(input, target) first"
            )
        return self._grad.copy()

    # ------------------------------------------------------------------ checks
    def _check(self, input, target):
        """Float targets of the same shape as ``input``; returns ``(input, target cast to input.dtype)``."""
        name = type(self).__name__
        check_float_input(input, f"{name}: input")
        check_float_input(target, f"{name}: target")
        if input.shape != target.shape:
            raise ValueError(
                f"{name}: input shape {input.shape} and target shape {target.shape} differ; "
                "nnlib does not broadcast, reshape one of them (e.g. y.reshape(-1, 1))"
            )
        if input.size == 0:
            raise ValueError(f"{name}: got empty input of shape {input.shape}")
        if "input" in self._unit_interval:
            self._check_unit_interval(input, "input probability", name)
        if "target" in self._unit_interval:
            self._check_unit_interval(target, "target", name)
        return input, target.astype(input.dtype, copy=False)

    @staticmethod
    def _check_unit_interval(values, what: str, who: str) -> None:
        """Raise ``ValueError`` unless every entry lies in [0, 1] (probabilities, soft labels)."""
        if not (values.min() >= 0 and values.max() <= 1):  # False for NaN too
            raise ValueError(
                f"{who}: every {what} must lie in [0, 1], got values in "
                f"[{np.nanmin(values)}, {np.nanmax(values)}]"
            )

    def extra_repr(self) -> str:
        """Return the settings shown inside ``repr``'s parentheses (none here)."""
        return ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.extra_repr()})"
