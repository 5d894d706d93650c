r"""The fully connected (affine) layer.

For one example, layer :math:`\ell` computes
:math:`z^{(\ell)} = W^{(\ell)} a^{(\ell-1)} + b^{(\ell)}`. With a batch
stored one example per row, :math:`A \in \mathbb{R}^{N \times d_{\ell-1}}`,
the same computation is ``Z = A @ W.T + b``.
"""

from __future__ import annotations

import math

import numpy as np

from ._random import as_generator
from ._validation import check_2d_input, check_dtype_matches, check_float_dtype, check_positive_int
from .module import Module
from .parameter import Parameter

__all__ = ["Linear"]


class Linear(Module):
    r"""Fully connected layer: ``Z = A @ W.T + b`` on a batch ``A``, one example per row.

    For one example this is layer :math:`\ell`'s pre-activation
    :math:`z^{(\ell)} = W^{(\ell)} a^{(\ell-1)} + b^{(\ell)}`; the rows of ``A`` are
    the :math:`a^{(\ell-1)}` of the batch and the rows of ``Z`` their :math:`z^{(\ell)}`.
    In the code the batch is the argument ``x`` (cached as ``_x``).

    Parameters
    ----------
    in_features : int
        :math:`d_{\ell-1}`, the size of each input row.
    out_features : int
        :math:`d_\ell`, the size of each output row.
    bias : bool, default True
        Whether to learn :math:`b^{(\ell)}`.
    rng : None, int or numpy.random.Generator
        Random source for the initial weights.
    dtype : numpy floating dtype, default float64
        dtype of the parameters; inputs must have the same dtype.

    Attributes
    ----------
    weight : Parameter, shape ``(out_features, in_features)``
        :math:`W^{(\ell)}`, initialised from
        :math:`\mathcal{U}(-1/\sqrt{d_{\ell-1}},\ 1/\sqrt{d_{\ell-1}})` as in PyTorch.
    bias : Parameter, shape ``(out_features,)``, or None
        :math:`b^{(\ell)}`, same initial distribution.

    Shape
    -----
    Input ``A`` of shape ``(N, in_features)`` (rows :math:`a^{(\ell-1)}`), output
    ``Z`` of shape ``(N, out_features)`` (rows :math:`z^{(\ell)}`).

    Notes
    -----
    Backward, with :math:`G = \partial J/\partial Z` of shape ``(N, out_features)``:

    .. math::
        \frac{\partial J}{\partial W} = G^\top A, \qquad
        \frac{\partial J}{\partial b} = \sum_{n} G_{n,:}, \qquad
        \frac{\partial J}{\partial A} = G W.

    Differences from PyTorch: only 2-D input ``(N, in_features)`` is accepted
    (PyTorch allows any number of leading dimensions), and the input dtype must
    equal the layer's dtype (PyTorch raises too; nnlib says which to convert).

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> layer = nl.Linear(3, 2, rng=0)
    >>> layer.weight.shape, layer.bias.shape
    ((2, 3), (2,))
    >>> A = np.arange(12.0).reshape(4, 3)
    >>> Z = layer(A)
    >>> Z.shape
    (4, 2)
    >>> np.allclose(Z, A @ layer.weight.data.T + layer.bias.data)
    True
    >>> G = np.ones((4, 2))                  # dJ/dZ
    >>> np.allclose(layer.backward(G), G @ layer.weight.data)   # dJ/dA = G W
    True
    >>> np.allclose(layer.weight.grad, G.T @ A)                 # dJ/dW = G^T A
    True
    >>> layer.bias.grad.tolist()             # sum of G over the batch
    [4.0, 4.0]
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, *, rng=None, dtype=np.float64):
        super().__init__()
        self.in_features = check_positive_int(in_features, "in_features", "Linear")
        self.out_features = check_positive_int(out_features, "out_features", "Linear")
        self.dtype = check_float_dtype(dtype, "Linear")
        gen = as_generator(rng)
        bound = 1.0 / math.sqrt(in_features)
        weight = gen.uniform(-bound, bound, size=(out_features, in_features))
        self.weight = Parameter(weight.astype(self.dtype))
        self.bias = (
            Parameter(gen.uniform(-bound, bound, size=(out_features,)).astype(self.dtype)) if bias else None
        )
        self._x = None

    def _check_input(self, x) -> None:
        fits = (
            type(x) is np.ndarray and x.ndim == 2 and x.shape[1] == self.in_features and x.dtype == self.dtype
        )
        if not (fits and len(x)):  # the common case costs a few comparisons; the rest explains the problem
            check_2d_input(x, "Linear", self.in_features)
            check_dtype_matches(x, self.dtype, "Linear")

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Return ``Z = A @ W.T + b`` for the batch ``x`` (A), caching it for backward."""
        self._x = x  # backward needs the input for dJ/dW
        z = x @ self.weight.data.T
        if self.bias is not None:
            z += self.bias.data
        return z

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Accumulate dJ/dW = G^T A and dJ/db = the sum of G's rows; return dJ/dA = G W."""
        self.weight.grad += grad_output.T @ self._x
        if self.bias is not None:
            self.bias.grad += grad_output.sum(axis=0)
        return grad_output @ self.weight.data

    def extra_repr(self) -> str:
        """Return the sizes and whether there is a bias, for ``repr``."""
        has_bias = self.bias is not None
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={has_bias}"
