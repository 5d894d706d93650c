"""All the parameters of a model in one buffer, so that an optimiser updates them in one call.

Bookkeeping for speed, not mathematics. A tiny network's training step is mostly the
fixed cost of NumPy calls (about half a microsecond each, whatever the array's size),
and an optimiser that updates six parameters one by one makes a dozen of them.
:class:`~nnlib.MLP` therefore keeps the ``data`` of all its parameters in one
contiguous array (and their ``grad`` in another): each ``Parameter.data`` is a view of
its slice. An optimiser whose rule is elementwise (SGD, Adam, AdamW) then applies
that rule once to the whole buffer, which gives exactly what the per-parameter loop
gives (the same operations on the same numbers).

Nothing else changes: a parameter is still an ordinary :class:`~nnlib.Parameter`
whose arrays are updated in place. If a parameter's ``data`` or ``grad`` is replaced
by another array (``p.data = ...``, ``p.astype(...)``), the pack is no longer
intact, and optimisers go back to the per-parameter loop.
"""

from __future__ import annotations

import numpy as np

from .parameter import Parameter

__all__: list[str] = []  # internal: used by nnlib.MLP and nnlib.optim.Optimizer


class ParameterPack:
    """The buffers that hold the ``data`` and ``grad`` of a list of parameters, in order.

    ``whole`` is a :class:`~nnlib.Parameter` whose ``data`` and ``grad`` are the two
    flat buffers: an elementwise optimiser can update it like any other parameter.
    """

    def __init__(self, params: list[Parameter]):
        dtype = params[0].data.dtype
        size = sum(p.data.size for p in params)
        self.whole = Parameter(np.empty(0, dtype))
        self.whole.data, self.whole.grad = np.empty(size, dtype), np.empty(size, dtype)
        self.params = list(params)
        start = 0
        for p in params:
            stop = start + p.data.size
            data, grad = self.whole.data[start:stop], self.whole.grad[start:stop]
            data[...], grad[...] = p.data.ravel(), p.grad.ravel()
            p.data, p.grad = data.reshape(p.data.shape), grad.reshape(p.grad.shape)
            p._pack = self
            start = stop
        self._views = [(p, p.data, p.grad) for p in params]

    def intact(self) -> bool:
        """Whether every parameter still uses its view of the buffers."""
        for p, data, grad in self._views:
            if p.data is not data or p.grad is not grad:
                return False
        return True

    def holds_exactly(self, params: list[Parameter]) -> bool:
        """Whether ``params`` are this pack's parameters, in the same order."""
        return len(params) == len(self.params) and all(
            a is b for a, b in zip(params, self.params, strict=True)
        )


def pack_parameters(params) -> ParameterPack | None:
    """Move the parameters into one buffer (all of one dtype); return the pack, or None if impossible."""
    params = list(params)
    if not params or len({p.data.dtype for p in params} | {p.grad.dtype for p in params}) != 1:
        return None
    return ParameterPack(params)


def pack_of(params: list[Parameter]) -> ParameterPack | None:
    """Return the intact pack that holds exactly ``params`` in this order, if there is one."""
    pack = getattr(params[0], "_pack", None) if params else None
    if pack is not None and pack.holds_exactly(params) and pack.intact():
        return pack
    return None
