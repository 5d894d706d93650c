r"""The :class:`Module` base class: forward, backward and bookkeeping.

Every layer in nnlib is a Module. A Module computes a function in
:meth:`Module.forward`, caches exactly what it needs, and in
:meth:`Module.backward` turns the upstream gradient
:math:`\partial J/\partial \text{output}` into
:math:`\partial J/\partial \text{input}`, accumulating
(``+=``) the gradients of its own parameters on the way.

**Checks run around the math.** A subclass writes ``forward`` and ``backward`` as
the mathematics and the caching it needs, nothing else. Module wraps them (in
:meth:`Module.__init_subclass__`, the way PyTorch's ``__call__`` runs hooks around
``forward``):

* before ``forward(x)``: the subclass's ``_check_input(x)`` (dtype, shape; by
  default nothing: override it in a module you write to check its input);
* before ``backward(grad_output)``: ``forward`` must have run, and
  ``grad_output`` must be a floating-point array with the shape of the forward
  output;
* before ``backward(grad_output)``, also: the dtype of the forward output;
* **in-place safety**: unless an nnlib container (:class:`~nnlib.Sequential`,
  :class:`~nnlib.Residual`) calls it, a module copies its input before ``forward``
  sees it and its output before returning it. What a layer caches is then its own:
  ``a = Tanh()(z); a *= 0``, an in-place edit of ``X`` after ``model(X)``, or an
  in-place edit inside a ``forward`` you write cannot change what ``backward``
  returns. The modules of a container share arrays without copies, since nnlib's
  layers never edit an array they did not create.

A method reached through ``super().forward(x)`` runs unchecked: the outer call
checks. A module caches the input of its last ``forward``: use each module once per
forward pass (two layers that share weights need two modules sharing a
:class:`~nnlib.Parameter`), and call ``backward`` before running it on other data.

Registration follows PyTorch: assigning a :class:`~nnlib.Parameter` or a Module
to an attribute registers it, in assignment order. ``parameters()`` walks the
tree in that order; ``state_dict()`` uses PyTorch-style dotted names
(``'0.weight'``, ``'1.running_mean'``).
"""

from __future__ import annotations

import contextlib
import functools
from collections import OrderedDict

import numpy as np

from ._validation import check_float_dtype, check_float_input
from .parameter import Parameter

__all__ = ["Module"]


_by_container = False  # True while a container (Sequential, Residual) calls its modules


@contextlib.contextmanager
def _arrays_stay_in_nnlib():
    """Within this block, modules called directly do not copy their input and output.

    For nnlib's own loops (:func:`nnlib.fit`), whose batches and outputs no learner code
    touches between ``forward`` and ``backward``: the copies that protect a learner's
    arrays would only cost time (a batch of 128 x 784 floats per step).
    """
    global _by_container
    saved = _by_container
    _by_container = True
    try:
        yield
    finally:
        _by_container = saved


def _checked_forward(forward):
    """``forward`` with the input check before it and, unless a container called it, copies in and out."""

    @functools.wraps(forward)
    def checked_forward(self, x, *args, **kwargs):
        global _by_container
        if type(self).forward is not checked_forward:  # reached through super(): the outer call checks
            return forward(self, x, *args, **kwargs)
        self._check_input(x)
        trusted = _by_container
        _by_container = self._container  # what this module calls is trusted only if it is a container
        try:
            if not trusted and isinstance(x, np.ndarray):
                x = x.copy()
            out = forward(self, x, *args, **kwargs) if args or kwargs else forward(self, x)
        except BaseException:
            self.__dict__.pop("_output_spec", None)  # a failed forward leaves "not run", not stale caches
            raise
        finally:
            _by_container = trusted
        if not trusted and isinstance(out, np.ndarray):
            out = out.copy()
        self.__dict__["_output_spec"] = (out.shape, out.dtype) if type(out) is np.ndarray else None
        return out

    return checked_forward


_ABSENT = object()  # an attribute a module does not have yet
_NOT_RUN = (None, None)  # the output (shape, dtype) of a module whose forward has not run


def _refuse_grad_output(module, grad_output, spec) -> None:
    """Raise the error that explains why ``grad_output`` does not fit (nothing if it does)."""
    name = type(module).__name__
    if spec is _NOT_RUN:
        raise RuntimeError(f"{name}.backward() called before forward(): run a forward pass on a batch first")
    check_float_input(grad_output, f"{name}.backward")
    if spec is None:
        return  # the forward output was not an array: nothing to compare with
    shape, dtype = spec
    if grad_output.shape != shape:
        raise ValueError(
            f"{name}.backward: expected grad_output of shape {shape} (the shape of the forward "
            f"output), got {grad_output.shape}"
        )
    if grad_output.dtype != dtype:
        raise TypeError(
            f"{name}.backward: expected grad_output of dtype {dtype} (the dtype of the forward output), "
            f"got {grad_output.dtype}; convert it with g.astype(np.{dtype})"
        )


def _checked_backward(backward):
    """``backward`` after checking that forward ran and that ``grad_output`` fits its output."""

    @functools.wraps(backward)
    def checked_backward(self, grad_output, *args, **kwargs):
        if type(self).backward is not checked_backward:  # reached through super(): the outer call checked
            return backward(self, grad_output, *args, **kwargs)
        spec = self.__dict__.get("_output_spec", _NOT_RUN)
        fits = (
            spec is not None
            and type(grad_output) is np.ndarray
            and grad_output.shape == spec[0]
            and grad_output.dtype == spec[1]
        )
        if not fits:  # the common case costs a few comparisons; the rest explains the problem
            _refuse_grad_output(self, grad_output, spec)
        return backward(self, grad_output, *args, **kwargs)

    return checked_backward


class Module:
    r"""Base class of every layer, activation, container and model.

    A module computes :math:`y = f(x;\,\theta)` on a batch in :meth:`forward`
    and caches what it needs. :meth:`backward` receives the upstream gradient
    :math:`G = \partial J/\partial y` and returns
    :math:`\partial J/\partial x`, accumulating (``+=``)
    :math:`\partial J/\partial\theta` into each parameter's ``.grad``.
    Subclasses implement ``forward(x)`` and ``backward(grad_output)``, and may
    override ``_check_input(x)``; the checks around them (the input, backward
    before forward, the shape and dtype of ``grad_output``) and the copies that
    make in-place edits harmless are added by Module itself (module docstring).

    Attributes
    ----------
    training : bool
        ``True`` in training mode (the default), ``False`` after :meth:`eval`.
        Only Dropout and BatchNorm1d behave differently in the two modes.

    Shape
    -----
    Defined by each subclass. nnlib's layers are batch-first: input
    ``(N, d_in)``, output ``(N, d_out)``, and ``backward`` maps a ``grad_output``
    of the output's shape to a gradient of the input's shape.

    Examples
    --------
    A layer is ``forward`` and ``backward`` side by side, here :math:`y = c\,x`:

    >>> import numpy as np, nnlib as nl
    >>> class Scale(nl.Module):
    ...     def __init__(self, c):
    ...         super().__init__()
    ...         self.c = c
    ...     def forward(self, x):
    ...         return self.c * x
    ...     def backward(self, grad_output):
    ...         return self.c * grad_output          # dJ/dx = c G
    >>> layer = Scale(3.0)
    >>> layer(np.array([[1.0, 2.0]]))
    array([[3., 6.]])
    >>> layer.backward(np.ones((1, 2)))
    array([[3., 3.]])

    Parameters and sub-modules register themselves when assigned:

    >>> net = nl.Sequential(nl.Linear(2, 3, rng=0), nl.ReLU(), nl.Linear(3, 1, rng=0))
    >>> [(name, p.shape) for name, p in net.named_parameters()]
    [('0.weight', (3, 2)), ('0.bias', (3,)), ('2.weight', (1, 3)), ('2.bias', (1,))]
    >>> net.eval().training, net[0].training
    (False, False)
    """

    def __init_subclass__(cls, **kwargs):
        """Wrap the subclass's own ``forward`` and ``backward`` in the shared checks (module docstring)."""
        super().__init_subclass__(**kwargs)
        if "forward" in cls.__dict__:
            cls.forward = _checked_forward(cls.__dict__["forward"])
            if "__call__" not in cls.__dict__:
                cls.__call__ = cls.forward  # module(x) is forward(x), without one more call
        if "backward" in cls.__dict__:
            cls.backward = _checked_backward(cls.__dict__["backward"])

    _container = False  # True for Sequential and Residual: they pass arrays along without editing them

    def __init__(self):
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "training", True)

    # ------------------------------------------------------------------ registration
    def __setattr__(self, name, value):
        state = self.__dict__
        if value is None or type(value) is np.ndarray:
            current = state.get(name, _ABSENT)
            if current is None or type(current) is np.ndarray:
                # the common case, on every forward pass: a cache (or a buffer) gets a new array
                state[name] = value
                return
        if "_parameters" not in self.__dict__:
            raise RuntimeError(f"{type(self).__name__}: call super().__init__() before assigning attributes")
        registered = name in self._parameters or name in self._modules
        if not registered and (value is None or type(value) is np.ndarray):
            # the common case, on every forward pass: caching an array for backward,
            # or updating a buffer in place of the old array (as in PyTorch, the name
            # stays a buffer, so ``self.running_mean = ...`` keeps it in state_dict)
            object.__setattr__(self, name, value)
            return
        if name in self._buffers and isinstance(value, np.ndarray):
            # as in PyTorch, assigning an array to a buffer's name updates the buffer
            # (this also keeps ``self.running_mean *= 0.9`` registered)
            object.__setattr__(self, name, value)
            return
        for registry in (self._parameters, self._modules, self._buffers):
            registry.pop(name, None)
        if isinstance(value, Parameter):
            self._parameters[name] = value
        elif isinstance(value, Module):
            self._modules[name] = value
        object.__setattr__(self, name, value)

    def register_buffer(self, name: str, array: np.ndarray) -> None:
        """Register a non-learnable array (e.g. BatchNorm's running mean) under ``name``.

        Buffers appear in :meth:`state_dict` but not in :meth:`parameters`.
        """
        object.__setattr__(self, name, array)
        self._buffers[name] = True

    # ------------------------------------------------------------------ the computation
    def forward(self, x):
        """Compute the output for a batch ``x``; subclasses override this."""
        raise NotImplementedError(f"{type(self).__name__} does not implement forward()")

    def backward(self, grad_output):
        """Return dJ/d(input) given dJ/d(output); accumulate parameter gradients."""
        raise NotImplementedError(f"{type(self).__name__} does not implement backward()")

    def __call__(self, x):
        """Run :meth:`forward` on ``x`` (``module(x)`` reads like the math)."""
        return self.forward(x)

    def _check_input(self, x) -> None:
        """Raise a clear error if ``forward`` cannot take ``x``; subclasses override it.

        Runs before every ``forward``. The base class accepts anything (a
        container leaves the checks to the modules it holds).
        """

    # ------------------------------------------------------------------ traversal
    def named_modules(self, prefix: str = ""):
        """Yield ``(name, module)`` for this module and all sub-modules, depth first."""
        yield prefix, self
        for name, child in self._modules.items():
            child_prefix = f"{prefix}.{name}" if prefix else name
            yield from child.named_modules(child_prefix)

    def children(self):
        """Direct sub-modules in registration order."""
        return list(self._modules.values())

    def named_parameters(self, prefix: str = ""):
        """Yield ``(dotted_name, Parameter)`` recursively, in registration order."""
        seen = set()
        for module_name, module in self.named_modules(prefix):
            for name, param in module._parameters.items():
                if id(param) in seen:
                    continue
                seen.add(id(param))
                yield (f"{module_name}.{name}" if module_name else name), param

    def parameters(self) -> list[Parameter]:
        """All parameters of this module and its sub-modules (stable order, no duplicates)."""
        return [p for _, p in self.named_parameters()]

    def named_buffers(self, prefix: str = ""):
        """Yield ``(dotted_name, ndarray)`` for every buffer, recursively."""
        for module_name, module in self.named_modules(prefix):
            for name in module._buffers:
                yield (f"{module_name}.{name}" if module_name else name), getattr(module, name)

    def zero_grad(self) -> None:
        """Fill every parameter's ``.grad`` with zeros in place."""
        for p in self.parameters():
            p.zero_grad()

    # ------------------------------------------------------------------ modes
    def train(self, mode: bool = True) -> Module:
        """Set training mode on this module and every sub-module; return ``self``."""
        if not isinstance(mode, bool):
            raise TypeError(f"{type(self).__name__}.train: mode must be True or False, got {mode!r}")
        for _, module in self.named_modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self) -> Module:
        """Set evaluation mode (same as ``train(False)``); return ``self``."""
        return self.train(False)

    # ------------------------------------------------------------------ dtype
    def astype(self, dtype) -> Module:
        """Convert every parameter, buffer and ``dtype`` attribute to ``dtype`` in place.

        Returns ``self`` so that ``model = nl.MLP([2, 4, 1]).astype(np.float32)`` reads well.
        """
        dt = check_float_dtype(dtype, f"{type(self).__name__}.astype")
        for p in self.parameters():
            p.astype(dt)
        for _, module in self.named_modules():
            for name in module._buffers:
                object.__setattr__(module, name, getattr(module, name).astype(dt))
            if "dtype" in module.__dict__:
                object.__setattr__(module, "dtype", dt)
        return self

    # ------------------------------------------------------------------ saving
    def state_dict(self) -> OrderedDict[str, np.ndarray]:
        """Return copies of every parameter and buffer, keyed by PyTorch-style dotted name.

        Examples
        --------
        >>> import nnlib as nl
        >>> net = nl.Sequential(nl.Linear(2, 3, rng=0), nl.BatchNorm1d(3))
        >>> list(net.state_dict())
        ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var']
        """
        state = OrderedDict()
        for name, p in self.named_parameters():
            state[name] = p.data.copy()
        for name, buf in self.named_buffers():
            state[name] = np.array(buf, copy=True)
        return state

    def load_state_dict(self, state_dict) -> None:
        """Copy values from ``state_dict`` into this module's parameters and buffers.

        Raises
        ------
        KeyError
            If a key is missing or unexpected (both are listed).
        ValueError
            If a shape differs.
        """
        own = dict(self.named_parameters())
        buffers = {name: None for name, _ in self.named_buffers()}
        expected = set(own) | set(buffers)
        missing = sorted(expected - set(state_dict))
        unexpected = sorted(set(state_dict) - expected)
        if missing or unexpected:
            raise KeyError(
                f"{type(self).__name__}.load_state_dict: missing keys {missing}, unexpected keys {unexpected}"
            )
        for name, value in state_dict.items():
            value = np.asarray(value)
            if name in own:
                target = own[name]
                if value.shape != target.data.shape:
                    raise ValueError(
                        f"{type(self).__name__}.load_state_dict: '{name}' has shape {value.shape}, "
                        f"expected {target.data.shape}"
                    )
                target.data[...] = value
            else:
                module_name, _, attr = name.rpartition(".")
                module = dict(self.named_modules())[module_name]
                current = getattr(module, attr)
                if value.shape != current.shape:
                    raise ValueError(
                        f"{type(self).__name__}.load_state_dict: '{name}' has shape {value.shape}, "
                        f"expected {current.shape}"
                    )
                current[...] = value

    # ------------------------------------------------------------------ display
    def extra_repr(self) -> str:
        """Text shown inside the parentheses of ``repr``; subclasses override it."""
        return ""

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__}({self.extra_repr()}"]
        if self._modules:
            for name, child in self._modules.items():
                child_repr = repr(child).replace("\n", "\n  ")
                lines.append(f"  ({name}): {child_repr}")
            return lines[0] + "\n" + "\n".join(lines[1:]) + "\n)"
        return lines[0] + ")"
