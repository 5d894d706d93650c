r"""Containers: :class:`Sequential` (composition) and :class:`Residual` (skip connection).

An MLP is a composition :math:`f = f_L \circ \dots \circ f_1`. Its forward pass
applies the layers in order; by the chain rule its backward pass hands the
gradient through them in reverse order.
"""

from __future__ import annotations

from .module import Module

__all__ = ["Sequential", "Residual"]


class Sequential(Module):
    r"""Apply modules one after another: :math:`y = f_L(\dots f_2(f_1(x)))`.

    ``forward`` runs the modules in order; ``backward`` hands
    :math:`G = \partial J/\partial y` through their ``backward`` methods in
    reverse order (the chain rule) and returns :math:`\partial J/\partial x`.
    Indexing (``net[0]``, ``net[1:]``), ``len`` and iteration work as for a list.

    Parameters
    ----------
    *modules : Module
        The layers, in the order the data flows through them. They are
        registered under the names ``'0'``, ``'1'``, ... (so ``state_dict`` keys
        read ``'0.weight'``, as in PyTorch).

    Shape
    -----
    Whatever the first module accepts, and whatever the last returns.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> net = nl.Sequential(nl.Linear(2, 3, rng=0), nl.Tanh(), nl.Linear(3, 1, rng=1))
    >>> len(net), type(net[1]).__name__
    (3, 'Tanh')
    >>> X = np.zeros((5, 2))
    >>> net(X).shape
    (5, 1)
    >>> net.backward(np.ones((5, 1))).shape        # dJ/dX
    (5, 2)
    """

    _container = True  # its modules share arrays without copies (nnlib.module)

    def __init__(self, *modules: Module):
        super().__init__()
        for index, module in enumerate(modules):
            if not isinstance(module, Module):
                raise TypeError(f"Sequential: argument {index} must be a Module, got {type(module).__name__}")
            setattr(self, str(index), module)

    def __len__(self) -> int:
        return len(self._modules)

    def __getitem__(self, index):
        layers = list(self._modules.values())
        if isinstance(index, slice):
            return Sequential(*layers[index])
        return layers[index]

    def __iter__(self):
        return iter(self._modules.values())

    def forward(self, x):
        """Apply each module in order."""
        for module in self._modules.values():
            x = module(x)
        return x

    def backward(self, grad_output):
        """Apply each module's backward in reverse order; return dJ/dx."""
        for module in reversed(self._modules.values()):
            grad_output = module.backward(grad_output)
        return grad_output


class Residual(Module):
    r"""Skip connection :math:`y = x + F(x)` around a block :math:`F`.

    Backward: :math:`\partial J/\partial x = g + F'(x)^\top g`
    where :math:`g = \partial J/\partial y`. The identity term is the
    "gradient highway": it reaches ``x`` even when :math:`F'` is tiny.

    Parameters
    ----------
    block : Module
        :math:`F`; its output must have the same shape as its input.

    Shape
    -----
    Input ``(N, d)``, output ``(N, d)``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> block = nl.Sequential(nl.Linear(2, 2, rng=0), nl.Tanh())
    >>> res = nl.Residual(block)
    >>> x = np.array([[1.0, -1.0], [0.5, 2.0]])
    >>> np.allclose(res(x), x + block(x))
    True
    >>> bool(nl.gradcheck(res, x, rng=0))        # backward: G + F'(x)^T G
    True
    """

    _container = True  # its modules share arrays without copies (nnlib.module)

    def __init__(self, block: Module):
        super().__init__()
        if not isinstance(block, Module):
            raise TypeError(f"Residual: block must be a Module, got {type(block).__name__}")
        self.block = block

    def forward(self, x):
        """Return ``x + block(x)``."""
        out = self.block(x)
        if out.shape != x.shape:  # depends on the block's output: cannot be checked beforehand
            raise ValueError(
                f"Residual: the block must keep the shape of its input, got {x.shape} -> {out.shape}"
            )
        return x + out

    def backward(self, grad_output):
        """Return G + (the block's backward of G): the skip adds G itself."""
        return grad_output + self.block.backward(grad_output)
