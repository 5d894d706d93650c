r"""The :class:`Optimizer` base class: what every optimiser has in common.

An optimiser holds a list of :class:`~nnlib.Parameter` objects and the learning
rate :math:`\eta` (attribute ``lr``, which schedules overwrite). The training
loop is always::

    optimizer.zero_grad()                # clear the accumulated gradients
    loss = loss_fn(model(X), y)
    model.backward(loss_fn.backward())   # fill every .grad
    optimizer.step()                     # update every .data

``zero_grad`` is needed because ``backward`` *accumulates* into ``.grad``.
``step`` reads each ``.grad`` and changes ``.data`` **in place** (the array
object is kept, its dtype too: a float32 model stays float32).

Per-parameter state (momentum buffers, Adam's moment estimates) lives in
``self.state[i]``, a dict keyed by the position ``i`` of the parameter in the
list, as in PyTorch's ``optimizer.state_dict()['state']``.
"""

from __future__ import annotations

import numpy as np

from .._packing import pack_of
from .._validation import check_lr
from ..parameter import Parameter

__all__ = ["Optimizer"]


class Optimizer:
    r"""Base class: a list of parameters, a learning rate, ``step`` and ``zero_grad``.

    Subclasses implement :meth:`_update`, the rule for one parameter.

    Parameters
    ----------
    params : iterable of Parameter
        Usually ``model.parameters()``. Must be non-empty and contain each
        Parameter once.
    lr : float
        Learning rate :math:`\eta \ge 0`.

    Attributes
    ----------
    params : list of Parameter
        The parameters, in the order given.
    lr : float
        Current learning rate; schedules in :mod:`nnlib.schedules` write it.
    state : dict of int -> dict
        Per-parameter state, keyed by position in ``params``.

    Examples
    --------
    The training loop, fitting :math:`y = 2x + 1` with plain gradient descent:

    >>> import numpy as np, nnlib as nl
    >>> model, loss_fn = nl.Linear(1, 1, rng=0), nl.MSELoss()
    >>> X = np.array([[0.0], [1.0], [2.0]])
    >>> y = 2 * X + 1
    >>> optimizer = nl.optim.SGD(model.parameters(), lr=0.1)
    >>> for step in range(200):
    ...     optimizer.zero_grad()
    ...     loss = loss_fn(model(X), y)
    ...     grad_X = model.backward(loss_fn.backward())   # fills every .grad
    ...     optimizer.step()
    >>> model.weight.data.round(3), model.bias.data.round(3)
    (array([[2.]]), array([1.]))
    """

    def __init__(self, params, lr: float):
        who = type(self).__name__
        if isinstance(params, Parameter):
            raise TypeError(
                f"{who}: params must be an iterable of nl.Parameter (e.g. model.parameters()), "
                "got a single Parameter; wrap it in a list: [p]"
            )
        try:
            params = list(params)
        except TypeError as exc:
            raise TypeError(
                f"{who}: params must be an iterable of nl.Parameter (e.g. model.parameters()), "
                f"got {type(params).__name__}"
            ) from exc
        if not params:
            raise ValueError(f"{who}: got an empty parameter list; the model has nothing to optimise")
        for i, p in enumerate(params):
            if not isinstance(p, Parameter):
                raise TypeError(f"{who}: params[{i}] must be an nl.Parameter, got {type(p).__name__}")
        if len({id(p) for p in params}) != len(params):
            raise ValueError(
                f"{who}: a Parameter appears more than once in params; it would be updated twice per step"
            )
        self.params = params
        self.lr = check_lr(lr, who)
        self.state: dict[int, dict] = {i: {} for i in range(len(params))}
        # Speed only: the parameters of an nl.MLP share one buffer (nnlib/_packing.py), which an
        # elementwise rule updates in one call, with the same result as the loop in step().
        self._pack = pack_of(params) if self._elementwise else None
        self._packed_state: dict = {}

    #: True when ``_update`` treats every entry on its own (SGD, Adam): it may then be applied
    #: to all parameters at once. A subclass whose rule mixes entries (a norm) must leave it False.
    _elementwise = False

    def zero_grad(self) -> None:
        """Set every ``.grad`` to zero in place (the array objects are kept)."""
        if self._pack is not None and self._pack.intact():
            self._pack.whole.grad.fill(0)
            return
        for p in self.params:
            p.zero_grad()

    def step(self) -> None:
        """Update every parameter once from its current ``.grad``."""
        if self._pack is not None and self._pack.intact():
            self._update(self._pack.whole, self._pack.whole.grad, self._packed_state)
            self._share_packed_state()
            return
        who = type(self).__name__
        for i, p in enumerate(self.params):
            if p.grad.shape != p.data.shape or p.grad.dtype != p.data.dtype:
                raise ValueError(
                    f"{who}.step: params[{i}] has grad of shape {p.grad.shape} and dtype {p.grad.dtype}, "
                    f"expected shape {p.data.shape} and dtype {p.data.dtype} (those of its data)"
                )
            self._update(p, p.grad, self.state[i])

    def _share_packed_state(self) -> None:
        """Show the state of a packed update per parameter in ``state[i]`` (arrays as views)."""
        for key, value in self._packed_state.items():
            if not isinstance(value, np.ndarray):
                for state in self.state.values():
                    state[key] = value
            elif self.state[0].get(key) is None or self.state[0][key].base is not value:
                start = 0
                for i, p in enumerate(self.params):
                    self.state[i][key] = value[start : start + p.data.size].reshape(p.data.shape)
                    start += p.data.size

    def _update(self, param: Parameter, grad: np.ndarray, state: dict) -> None:
        """Change ``param.data`` in place from ``grad``; ``state`` is this parameter's dict."""
        raise NotImplementedError(f"{type(self).__name__} must implement _update(param, grad, state)")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(n_params={len(self.params)}, lr={self.lr})"
