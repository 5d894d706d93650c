r"""Compute (chapter 10): normalisation keeps the activation scale, whatever the weight scale.

Without normalisation, multiplying every He-initialised weight by a factor
:math:`c` multiplies the std of :math:`z^{(\ell)}` in a ReLU net by
:math:`c^\ell` (ReLU is positively homogeneous), so it vanishes for
:math:`c < 1` and explodes for :math:`c > 1`. BatchNorm, LayerNorm and
RMSNorm rescale :math:`z^{(\ell)}` before the activation, which cancels the
factor: the statistics stay the same at every depth.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...tables import NORMS
from .initialization import ActivationStats, activation_stats_per_layer

__all__ = ["NORM_CHOICES", "activation_stats_with_norm", "NormComparison", "compare_norm"]

#: ``None`` (no normalisation) and the keys of ``nnlib.tables.NORMS``.
NORM_CHOICES = (None, *NORMS)


def activation_stats_with_norm(
    norm=None,
    weight_scale: float = 1.0,
    *,
    depth: int = 10,
    activation: str = "relu",
    width: int = 64,
    n_samples: int = 256,
    rng=0,
) -> ActivationStats:
    r"""Per-layer activation statistics of an MLP with He init × ``weight_scale`` and a norm layer.

    Parameters
    ----------
    norm : {None, 'batch', 'layer', 'rms'}
        One of :data:`NORM_CHOICES`.
    weight_scale : float
        Factor :math:`c` applied to every weight after He initialisation.
    depth, width, n_samples : int
    activation : str
    rng : int or numpy.random.Generator

    Returns
    -------
    ActivationStats
        ``means`` and ``stds`` have shape ``(depth,)``.

    Shape
    -----
    Inputs ``(n_samples, width)``; ``means`` and ``stds`` ``(depth,)``.

    Examples
    --------
    >>> plain = activation_stats_with_norm(None, 0.5, rng=0)
    >>> batch = activation_stats_with_norm("batch", 0.5, rng=0)
    >>> bool(plain.stds[-1] < 0.01), bool(0.3 < batch.stds[-1] < 3)
    (True, True)
    """
    if norm not in NORM_CHOICES:
        raise ValueError(f"activation_stats_with_norm: norm must be one of {NORM_CHOICES}, got {norm!r}")
    if not weight_scale > 0:
        raise ValueError(f"activation_stats_with_norm: weight_scale must be > 0, got {weight_scale}")
    return activation_stats_per_layer(
        depth,
        activation,
        "he",
        width=width,
        n_samples=n_samples,
        weight_scale=weight_scale,
        norm=norm,
        rng=rng,
    )


@dataclass
class NormComparison:
    """The same network with and without a normalisation layer."""

    with_norm: ActivationStats
    without: ActivationStats
    norm: str | None
    weight_scale: float


def compare_norm(norm=None, weight_scale: float = 1.0, *, depth: int = 10, rng=0) -> NormComparison:
    """:func:`activation_stats_with_norm` for ``norm`` and for no normalisation, same seed.

    Parameters
    ----------
    norm : {None, 'batch', 'layer', 'rms'}
        The normalisation after each hidden Linear layer.
    weight_scale : float
        c: the He-initialised weights are multiplied by c.
    depth : int
        Number of hidden layers.
    rng : int or numpy.random.Generator

    Returns
    -------
    NormComparison
        ``with_norm`` and ``without`` (activation statistics per layer), ``norm``, ``weight_scale``.

    Shape
    -----
    ``with_norm.stds`` and ``without.stds`` are ``(depth,)``.

    Examples
    --------
    >>> r = compare_norm("layer", 2.0, depth=4)
    >>> r.with_norm.stds.shape, r.without.stds.shape
    ((4,), (4,))
    """
    with_norm = activation_stats_with_norm(norm, weight_scale, depth=depth, rng=rng)
    without = (
        with_norm if norm is None else activation_stats_with_norm(None, weight_scale, depth=depth, rng=rng)
    )
    return NormComparison(with_norm, without, norm, float(weight_scale))
