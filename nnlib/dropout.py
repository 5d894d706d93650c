r"""Inverted dropout (Srivastava et al., 2014).

In training mode each entry is kept with probability :math:`1 - p` and scaled
by :math:`1/(1 - p)`, so its expectation is unchanged:

.. math::
    y = \frac{m \odot x}{1 - p}, \qquad m_{ij} \sim \operatorname{Bernoulli}(1 - p),
    \qquad \mathbb{E}[y] = x.

Because the scaling happens during training, evaluation needs no correction:
in evaluation mode the layer is the identity.
"""

from __future__ import annotations

import numpy as np

from ._random import as_generator
from ._validation import check_dtype_matches, check_float_dtype, check_float_input, check_in_range
from .module import Module

__all__ = ["Dropout"]


class Dropout(Module):
    r"""Zero each entry with probability ``p`` in training, scale the rest by :math:`1/(1-p)`.

    Parameters
    ----------
    p : float in [0, 1), default 0.5
        Probability of dropping an entry. ``p = 1`` (drop everything) is refused.
    rng : None, int or numpy.random.Generator
        Source of the masks. It is kept as the attribute ``rng`` (a Generator);
        :func:`nnlib.gradcheck` saves and restores ``rng.bit_generator.state``
        to replay the same mask in every perturbed forward pass.
    dtype : numpy floating dtype, default float64
        The input must have this dtype (the output has it too).

    Shape
    -----
    Input any shape, output the same shape.

    Notes
    -----
    Backward applies the same mask: :math:`\partial J/\partial x = m \odot G / (1 - p)`
    (the identity in evaluation mode).

    Differences from PyTorch: ``p`` must be in ``[0, 1)``; no ``inplace`` option;
    the input dtype must equal the layer's dtype.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> drop = nl.Dropout(p=0.5, rng=0)
    >>> y = drop(np.ones((4, 4)))
    >>> sorted(set(y.ravel().tolist()))        # dropped, or kept and scaled by 1/(1 - p)
    [0.0, 2.0]
    >>> np.array_equal(drop.backward(np.ones((4, 4))), y)    # the same mask
    True
    >>> drop.eval()(np.ones((1, 3)))           # the identity in evaluation mode
    array([[1., 1., 1.]])
    """

    def __init__(self, p=0.5, *, rng=None, dtype=np.float64):
        super().__init__()
        self.p = float(check_in_range(p, "p", "Dropout", 0, 1))
        self.rng = as_generator(rng)
        self.dtype = check_float_dtype(dtype, "Dropout")
        self._scaled_mask = None

    def _check_input(self, x) -> None:
        check_float_input(x, "Dropout")
        check_dtype_matches(x, self.dtype, "Dropout")

    def forward(self, x):
        """Return ``x`` times a fresh scaled mask in training, ``x`` itself in eval."""
        if not self.training or self.p == 0:
            self._scaled_mask = None  # the identity
            return x
        keep = self.rng.random(x.shape) >= self.p  # True with probability 1 - p
        self._scaled_mask = keep.astype(x.dtype) / x.dtype.type(1 - self.p)
        return x * self._scaled_mask

    def backward(self, grad_output):
        """Return G times the mask of the last forward pass (G itself in eval)."""
        if self._scaled_mask is None:
            return grad_output
        return grad_output * self._scaled_mask

    def extra_repr(self):
        """Return ``p``, for ``repr``."""
        return f"p={self.p}"
