r"""The parametric ReLU (He et al., 2015): a leaky ReLU whose negative slope is learned.

.. math::
    a = \operatorname{PReLU}_w(z) = \begin{cases} z & z > 0, \\ w\,z & z \le 0, \end{cases}

where the slope :math:`w` is a :class:`~nnlib.Parameter`: one number shared by
every unit (``num_parameters=1``), or one per channel (``num_parameters=C``;
the channel is axis 1 of the input, as in PyTorch). With :math:`G = \partial J/\partial a`,

.. math::
    \frac{\partial J}{\partial z} = \begin{cases} G & z > 0, \\ w\,G & z \le 0, \end{cases}
    \qquad
    \frac{\partial J}{\partial w} = \sum_{\text{entries sharing } w} G \odot \min(z, 0).

The slope's gradient is a *sum*: every entry that uses :math:`w` (every example of the
batch, and every unit that shares it) contributes, exactly like a bias.
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    check_dtype_matches,
    check_float_dtype,
    check_float_input,
    check_positive_int,
    check_real,
)
from .module import Module
from .parameter import Parameter

__all__ = ["PReLU"]


class PReLU(Module):
    r"""Leaky ReLU with a learned negative slope: :math:`a = z` for :math:`z > 0`, else :math:`w z`.

    Parameters
    ----------
    num_parameters : int, default 1
        Number of slopes: 1 (one slope shared by every entry) or the number of
        channels :math:`C` (axis 1 of the input).
    init : float, default 0.25
        Initial value of every slope (PyTorch's default).
    dtype : numpy floating dtype, default float64
        dtype of the slope; the input must have the same dtype.

    Attributes
    ----------
    weight : Parameter, shape ``(num_parameters,)``
        The slopes :math:`w` (PyTorch's name, so ``state_dict`` keys match).

    Shape
    -----
    ``num_parameters=1``: input any shape, output the same shape.
    ``num_parameters=C``: input ``(N, C)`` or ``(N, C, ...)``, output the same shape.

    Notes
    -----
    Backward, with :math:`G = \partial J/\partial a`: :math:`\partial J/\partial z` is
    :math:`G` where :math:`z > 0` and :math:`wG` elsewhere (at :math:`z = 0` too, as PyTorch),
    and :math:`\partial J/\partial w` accumulates :math:`\sum G \odot \min(z, 0)` over every axis
    but the channel axis (over all entries when ``num_parameters=1``).

    As in PyTorch, no weight decay is implied: the book's optimisers apply
    ``weight_decay`` to every parameter, slopes included; He et al. (2015) trained
    the slopes without it.

    Differences from PyTorch: the input dtype must equal the layer's dtype.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlib.prelu import PReLU
    >>> act = PReLU()                          # one slope, initially 0.25
    >>> z = np.array([[-2.0, 0.0, 3.0]])
    >>> act(z)
    array([[-0.5,  0. ,  3. ]])
    >>> act.backward(np.ones((1, 3)))          # dJ/dz: w for z <= 0, 1 for z > 0
    array([[0.25, 0.25, 1.  ]])
    >>> act.weight.grad                        # sum of G * min(z, 0)
    array([-2.])

    One slope per channel (axis 1):

    >>> act = PReLU(num_parameters=2, init=0.1)
    >>> act(np.array([[-1.0, -1.0], [-3.0, 2.0]]))
    array([[-0.1, -0.1],
           [-0.3,  2. ]])
    >>> act.backward(np.ones((2, 2)))
    array([[0.1, 0.1],
           [0.1, 1. ]])
    >>> act.weight.grad.tolist()               # channel 0: -1 - 3; channel 1: -1 + 0
    [-4.0, -1.0]
    """

    def __init__(self, num_parameters: int = 1, init: float = 0.25, *, dtype=np.float64):
        super().__init__()
        self.num_parameters = check_positive_int(num_parameters, "num_parameters", "PReLU")
        init = check_real(init, "init", "PReLU")
        self.dtype = check_float_dtype(dtype, "PReLU")
        self.weight = Parameter(np.full(self.num_parameters, init, dtype=self.dtype))
        self._z = None

    def _check_input(self, z) -> None:
        check_float_input(z, "PReLU")
        check_dtype_matches(z, self.dtype, "PReLU")
        if self.num_parameters > 1 and (z.ndim < 2 or z.shape[1] != self.num_parameters):
            raise ValueError(
                f"PReLU: num_parameters={self.num_parameters} slopes need an input with "
                f"{self.num_parameters} channels on axis 1, shape (N, {self.num_parameters}, ...); "
                f"got shape {z.shape}"
            )

    def _slope(self, ndim: int) -> np.ndarray:
        """Return the slopes, shaped to broadcast against an input with ``ndim`` axes (channel = axis 1)."""
        if self.num_parameters == 1:
            return self.weight.data[0]
        return self.weight.data.reshape((1, -1) + (1,) * (ndim - 2))

    def forward(self, z):
        """Return z where z > 0, else w z; caches ``z``."""
        self._z = z
        return np.where(z > 0, z, self._slope(z.ndim) * z)

    def backward(self, grad_output):
        """Accumulate dJ/dw = sum of G * min(z, 0); return G where z > 0, else w G."""
        z = self._z
        negative = z <= 0
        contribution = grad_output * np.where(negative, z, 0)  # G * min(z, 0), elementwise
        if self.num_parameters == 1:
            self.weight.grad += contribution.sum()
        else:
            self.weight.grad += contribution.sum(axis=tuple(i for i in range(z.ndim) if i != 1))
        return np.where(negative, self._slope(z.ndim) * grad_output, grad_output)

    def extra_repr(self):
        """Return the number of slopes, for ``repr``."""
        return f"num_parameters={self.num_parameters}"
