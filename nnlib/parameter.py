"""Parameters: arrays that a model learns.

A :class:`Parameter` pairs a value with the gradient of the loss with respect to
it. Layers *accumulate* into ``grad`` during ``backward`` (``grad += ...``), so
gradients from several uses of the same parameter add up, exactly as in
PyTorch. Optimisers read ``grad`` and write ``data``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["Parameter"]


class Parameter:
    r"""A learnable array and the gradient of the loss with respect to it.

    Parameters
    ----------
    data : array_like of float
        Initial value. It is stored as a floating-point ndarray; integer data
        raise ``TypeError`` (a learnable value must be able to move by a
        fraction).

    Attributes
    ----------
    data : numpy.ndarray
        The current value :math:`\theta`.
    grad : numpy.ndarray
        :math:`\partial J / \partial \theta`, same shape and dtype as ``data``;
        starts at zeros.

    Shape
    -----
    ``data`` any shape: :math:`(d_\ell, d_{\ell-1})` for a weight :math:`W^{(\ell)}`,
    :math:`(d_\ell,)` for a bias :math:`b^{(\ell)}`. ``grad`` always has the shape
    and dtype of ``data``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> p = nl.Parameter(np.ones((2, 3)))
    >>> p
    Parameter(shape=(2, 3), dtype=float64)
    >>> p.grad.tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    >>> p.grad += 1.0; p.grad += 1.0     # backward passes accumulate
    >>> p.grad[0].tolist()
    [2.0, 2.0, 2.0]
    >>> p.zero_grad(); float(p.grad.sum())
    0.0
    """

    def __init__(self, data):
        array = np.array(data, copy=True)
        if not np.issubdtype(array.dtype, np.floating):
            raise TypeError(
                f"Parameter: expected floating-point data, got dtype {array.dtype}; "
                "convert it first, e.g. np.asarray(data, dtype=np.float64)"
            )
        self.data = array
        self.grad = np.zeros_like(array)

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of ``data``."""
        return self.data.shape

    @property
    def dtype(self) -> np.dtype:
        """The dtype of ``data`` (and of ``grad``)."""
        return self.data.dtype

    @property
    def size(self) -> int:
        """Number of scalar values in ``data``."""
        return self.data.size

    def zero_grad(self) -> None:
        """Set ``grad`` to zero in place (the array object is kept)."""
        self.grad.fill(0)

    def astype(self, dtype) -> Parameter:
        """Convert ``data`` and ``grad`` to ``dtype`` in place and return ``self``."""
        dtype = np.dtype(dtype)
        if not np.issubdtype(dtype, np.floating):
            raise TypeError(f"Parameter.astype: expected a floating dtype, got {dtype}")
        self.data = self.data.astype(dtype)
        self.grad = self.grad.astype(dtype)
        return self

    def __repr__(self) -> str:
        return f"Parameter(shape={self.data.shape}, dtype={self.data.dtype})"
