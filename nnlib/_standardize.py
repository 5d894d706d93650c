r"""Backward passes shared by the normalisation layers.

BatchNorm1d and LayerNorm compute the same thing along different axes: they
standardise :math:`\hat x = (x - \mu) / \sqrt{v + \epsilon}` with the mean and
(biased) variance taken over the batch (``axis=0``, BatchNorm) or over the
features of one example (``axis=1``, LayerNorm), then apply the learnable
affine map :math:`y = \gamma \odot \hat x + \beta`. Their backward passes are
therefore one formula each, written once here.
"""

from __future__ import annotations

import numpy as np

__all__ = ["affine_backward", "standardize_backward"]


def affine_backward(grad_output: np.ndarray, x_hat: np.ndarray, weight, bias) -> np.ndarray:
    r"""Backward of :math:`y = \gamma \odot \hat x + \beta` (per feature, over the batch).

    Accumulates :math:`\partial\mathcal{L}/\partial\gamma = \sum_n g_n \odot \hat x_n`
    into ``weight.grad`` and :math:`\partial\mathcal{L}/\partial\beta = \sum_n g_n`
    into ``bias.grad`` (``bias`` may be ``None``, as in RMSNorm), and returns
    :math:`\partial\mathcal{L}/\partial\hat x = g \odot \gamma`.
    With ``weight=None`` (no affine map) it returns ``grad_output`` unchanged.

    Shape
    -----
    ``grad_output`` and ``x_hat`` ``(N, d)``; ``weight``/``bias`` Parameters of shape ``(d,)``.
    """
    if weight is None:
        return grad_output
    weight.grad += (grad_output * x_hat).sum(axis=0)
    if bias is not None:
        bias.grad += grad_output.sum(axis=0)
    return grad_output * weight.data


def standardize_backward(grad_x_hat: np.ndarray, x_hat: np.ndarray, inv_std: np.ndarray, axis: int):
    r"""Backward of standardisation over ``axis`` with statistics of the same data.

    With :math:`m` values along ``axis``, :math:`s = 1/\sqrt{v + \epsilon}` and
    :math:`G = \partial\mathcal{L}/\partial\hat x`, differentiating through the
    mean and the variance gives

    .. math::
        \frac{\partial\mathcal{L}}{\partial x}
        = \frac{s}{m}\Bigl(m\,G - \textstyle\sum G - \hat x \odot \sum (G \odot \hat x)\Bigr),

    the sums taken along ``axis``. The two subtracted terms remove the parts of
    :math:`G` that would change the mean and the variance, which standardisation
    holds fixed.

    Shape
    -----
    ``grad_x_hat`` and ``x_hat`` ``(N, d)``; ``inv_std`` broadcastable to them.
    """
    m = x_hat.shape[axis]
    return (inv_std / m) * (
        m * grad_x_hat
        - grad_x_hat.sum(axis=axis, keepdims=True)
        - x_hat * (grad_x_hat * x_hat).sum(axis=axis, keepdims=True)
    )
