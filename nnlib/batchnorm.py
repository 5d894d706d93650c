r"""Batch normalisation (Ioffe & Szegedy, 2015) for fully connected layers.

In training mode each feature :math:`j` is standardised with the statistics of
the current mini-batch :math:`X \in \mathbb{R}^{N \times d}`:

.. math::
    \mu_j = \frac1N \sum_n x_{nj}, \qquad
    v_j = \frac1N \sum_n (x_{nj} - \mu_j)^2 \ \text{(biased variance)}, \qquad
    \hat x_{nj} = \frac{x_{nj} - \mu_j}{\sqrt{v_j + \epsilon}}, \qquad
    y_{nj} = \gamma_j \hat x_{nj} + \beta_j.

Running estimates for evaluation are updated with momentum :math:`m`
(PyTorch's convention, :math:`m = 0.1` keeps 90 % of the old value):

.. math::
    \hat\mu \leftarrow (1 - m)\hat\mu + m\,\mu, \qquad
    \hat v \leftarrow (1 - m)\hat v + m\,\frac{N}{N-1} v \ \text{(unbiased variance)}.

In evaluation mode :math:`\hat\mu, \hat v` replace :math:`\mu, v`, so the
layer is a fixed affine map and one example's output no longer depends on the
others in its batch.
"""

from __future__ import annotations

import numpy as np

from ._standardize import affine_backward, standardize_backward
from ._validation import (
    check_2d_input,
    check_dtype_matches,
    check_float_dtype,
    check_in_range,
    check_positive,
    check_positive_int,
)
from .module import Module
from .parameter import Parameter

__all__ = ["BatchNorm1d"]


class BatchNorm1d(Module):
    r"""Normalise each feature over the batch, then scale by :math:`\gamma` and shift by :math:`\beta`.

    Parameters
    ----------
    num_features : int
        :math:`d`, the number of features (columns) of the input.
    eps : float, default 1e-5
        :math:`\epsilon > 0` added to the variance before the square root.
    momentum : float in [0, 1], default 0.1
        :math:`m` in the running-statistics update (``None``, PyTorch's
        cumulative average, is not supported).
    affine : bool, default True
        Learn :math:`\gamma` (``weight``, initialised to 1) and :math:`\beta`
        (``bias``, initialised to 0). If False both are ``None``.
    dtype : numpy floating dtype, default float64
        dtype of parameters and buffers; the input must have the same dtype.

    Attributes
    ----------
    weight, bias : Parameter of shape ``(num_features,)`` or None
        :math:`\gamma` and :math:`\beta`.
    running_mean, running_var : ndarray of shape ``(num_features,)``
        Buffers (in ``state_dict``, not in ``parameters()``), starting at 0 and 1.
        They are updated in place, so the array objects are kept.

    Shape
    -----
    Input ``(N, num_features)``, output ``(N, num_features)``; training needs ``N > 1``.

    Notes
    -----
    Backward in training mode (the batch statistics depend on every row), with
    :math:`G = \partial J/\partial Y` and :math:`\hat G = G \odot \gamma`:

    .. math::
        \frac{\partial J}{\partial X} = \frac{1}{N\sqrt{v + \epsilon}}
        \Bigl(N \hat G - \sum_n \hat G_{n,:}
        - \hat X \odot \sum_n (\hat G \odot \hat X)_{n,:}\Bigr),
        \quad
        \frac{\partial J}{\partial \gamma} = \sum_n (G \odot \hat X)_{n,:},
        \quad
        \frac{\partial J}{\partial \beta} = \sum_n G_{n,:}.

    In evaluation mode it is simply :math:`G \odot \gamma / \sqrt{\hat v + \epsilon}`.

    Differences from PyTorch: only 2-D input ``(N, num_features)`` (PyTorch also
    takes ``(N, C, L)``); no ``track_running_stats`` option; the input dtype must
    equal the layer's dtype.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> bn = nl.BatchNorm1d(2)
    >>> X = np.array([[1.0, 10.0], [3.0, 30.0]])
    >>> bn(X).round(4)                      # every column: mean 0, variance 1
    array([[-1., -1.],
           [ 1.,  1.]])
    >>> bn.running_mean.tolist()            # 0.9 * 0 + 0.1 * (2, 20)
    [0.2, 2.0]
    >>> bn.running_var.round(4).tolist()    # 0.9 * 1 + 0.1 * (2, 200), unbiased
    [1.1, 20.9]
    >>> bn.eval()(X).shape                  # evaluation: the running statistics
    (2, 2)
    """

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, *, dtype=np.float64):
        super().__init__()
        self.num_features = check_positive_int(num_features, "num_features", "BatchNorm1d")
        self.eps = float(check_positive(eps, "eps", "BatchNorm1d"))
        if momentum is None:
            raise ValueError("BatchNorm1d: momentum must be a number in [0, 1]; None is not supported")
        self.momentum = float(check_in_range(momentum, "momentum", "BatchNorm1d", 0, 1, closed_high=True))
        if not isinstance(affine, (bool, np.bool_)):
            raise ValueError(f"BatchNorm1d: affine must be True or False, got {affine!r}")
        self.affine = bool(affine)
        self.dtype = check_float_dtype(dtype, "BatchNorm1d")
        self.weight = Parameter(np.ones(num_features, dtype=self.dtype)) if affine else None
        self.bias = Parameter(np.zeros(num_features, dtype=self.dtype)) if affine else None
        self.register_buffer("running_mean", np.zeros(num_features, dtype=self.dtype))
        self.register_buffer("running_var", np.ones(num_features, dtype=self.dtype))
        self._x_hat = None
        self._inv_std = None
        self._batch_stats = None

    def _check_input(self, x) -> None:
        check_2d_input(x, "BatchNorm1d", self.num_features, "num_features")
        check_dtype_matches(x, self.dtype, "BatchNorm1d")
        if self.training and x.shape[0] < 2:
            raise ValueError(
                f"BatchNorm1d: expected more than 1 value per feature when training, got input of "
                f"shape {x.shape}; use a batch of at least 2 rows, or call .eval() first"
            )

    def forward(self, x):
        """Return gamma * x_hat + beta, standardised by batch (training) or running (eval) statistics."""
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)  # biased: divides by N
            m = self.momentum
            # in place, so the buffer arrays (and any reference to them) are kept
            self.running_mean *= 1 - m
            self.running_mean += m * mean
            self.running_var *= 1 - m
            self.running_var += m * var * (n / (n - 1))  # unbiased estimate
        else:
            mean, var = self.running_mean, self.running_var
        self._inv_std = 1 / np.sqrt(var + self.eps)
        self._x_hat = (x - mean) * self._inv_std
        self._batch_stats = self.training  # backward must know which formula applies
        if self.affine:
            return self._x_hat * self.weight.data + self.bias.data
        return self._x_hat

    def backward(self, grad_output):
        """Accumulate dJ/dgamma and dJ/dbeta and return dJ/dx (formulas in Notes)."""
        x_hat = self._x_hat
        grad_x_hat = affine_backward(grad_output, x_hat, self.weight, self.bias)
        if not self._batch_stats:  # eval: fixed running statistics, an affine map of x
            return grad_x_hat * self._inv_std
        return standardize_backward(grad_x_hat, x_hat, self._inv_std, axis=0)

    def extra_repr(self):
        """Return the settings, for ``repr``."""
        return f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}"
