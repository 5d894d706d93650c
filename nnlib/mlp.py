r"""The multilayer perceptron, built from a list of layer sizes.

``MLP([d_0, d_1, ..., d_L])`` stacks :math:`L` affine layers. Every hidden
layer :math:`\ell = 1, \dots, L-1` computes

.. math::
    z^{(\ell)} = W^{(\ell)} a^{(\ell-1)} + b^{(\ell)}, \qquad
    a^{(\ell)} = g\big(\mathrm{norm}(z^{(\ell)})\big)

(then dropout, when asked), and the output layer computes
:math:`\hat y = g_L(W^{(L)} a^{(L-1)} + b^{(L)})` with :math:`g_L` the
identity unless ``output_activation`` says otherwise. The result is an ordinary
:class:`~nnlib.Sequential`, so ``model[0]`` is the first Linear layer and
``state_dict()`` keys read ``'0.weight'``, ``'0.bias'``, ... as in PyTorch.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import init as _init
from ._packing import pack_parameters
from ._random import as_generator
from ._validation import check_choice, check_float_dtype, check_in_range
from .containers import Sequential
from .dropout import Dropout
from .linear import Linear
from .tables import ACTIVATIONS, AUTO_INIT, INITS, NORMS, OUTPUT_ACTIVATIONS, init_std

__all__ = ["MLP", "resolve_init"]

INIT_CHOICES = ("auto", *INITS, "default")


def resolve_init(init: str, activation: str) -> str:
    """Return the concrete scheme (``'he'``, ``'xavier'``, ``'lecun'`` or ``'default'``) for ``init``.

    ``'auto'`` becomes He for the ReLU family and Xavier otherwise (see
    :data:`nnlib.tables.AUTO_INIT`); any other name is returned unchanged.

    Examples
    --------
    >>> from nnlib.mlp import resolve_init
    >>> resolve_init("auto", "relu"), resolve_init("auto", "tanh"), resolve_init("lecun", "relu")
    ('he', 'xavier', 'lecun')
    """
    return AUTO_INIT[activation] if init == "auto" else init


def _initialise(layer: Linear, scheme: str, activation: str, gen) -> None:
    """Fill ``layer``'s weight by ``scheme`` and zero its bias (``'default'`` keeps PyTorch's init)."""
    if scheme == "default":
        return
    fan_out, fan_in = layer.weight.data.shape
    _init.normal_(layer.weight.data, 0.0, init_std(scheme, fan_in, fan_out, activation), rng=gen)
    if layer.bias is not None:
        layer.bias.data.fill(0)


class MLP(Sequential):
    r"""A fully connected network from layer sizes: ``Linear [norm] g [Dropout] ... Linear [g_L]``.

    With ``sizes`` :math:`= [d_0, d_1, \dots, d_L]`, hidden layer
    :math:`\ell = 1, \dots, L-1` computes
    :math:`a^{(\ell)} = g\big(\mathrm{norm}(W^{(\ell)} a^{(\ell-1)} + b^{(\ell)})\big)`
    (then dropout) and the output layer
    :math:`\hat y = g_L(W^{(L)} a^{(L-1)} + b^{(L)})`, with :math:`a^{(0)} = x`.
    The result is a :class:`~nnlib.Sequential`: ``model[0]`` is the first Linear.

    Parameters
    ----------
    sizes : sequence of int
        ``[d_0, d_1, ..., d_L]``: input size, hidden widths, output size
        (at least two entries, all >= 1).
    activation : str, default 'relu'
        Hidden activation :math:`g`: one of ``'relu'``, ``'leaky_relu'``
        (slope 0.01), ``'elu'``, ``'gelu'``, ``'silu'``, ``'sigmoid'``, ``'tanh'``,
        ``'identity'``.
    output_activation : str or None, default None
        :math:`g_L` after the last Linear layer: ``None`` (raw outputs, e.g.
        logits for ``CrossEntropyLoss`` / ``BCEWithLogitsLoss``), any hidden
        activation name, or ``'softmax'``.
    init : str, default 'auto'
        ``'he'``: normal with std :math:`\sqrt{2/d_{\ell-1}}` (Kaiming, fan_in;
        leaky ReLU gain for ``'leaky_relu'``); ``'xavier'``: normal with std
        :math:`\sqrt{2/(d_{\ell-1}+d_\ell)}` (Glorot, gain 1); ``'lecun'``: normal
        with std :math:`1/\sqrt{d_{\ell-1}}`; these three set the biases to 0.
        ``'default'`` keeps :class:`~nnlib.Linear`'s PyTorch init (uniform weights
        and biases). ``'auto'`` is ``'he'`` for relu, leaky_relu, elu, gelu and silu
        and ``'xavier'`` for sigmoid, tanh and identity. Every Linear layer,
        the output layer included, uses the same scheme.
    norm : {None, 'batch', 'layer', 'rms'}, default None
        A :class:`~nnlib.BatchNorm1d`, :class:`~nnlib.LayerNorm` or
        :class:`~nnlib.RMSNorm` after each hidden Linear, before its activation.
        (The Linear keeps its bias even though BatchNorm's mean subtraction
        cancels it: the structure stays the same for every ``norm``.)
    dropout : float, default 0.0
        If > 0, a :class:`~nnlib.Dropout` with this ``p`` after each hidden
        activation (never after the output layer). Must satisfy ``0 <= p < 1``.
    rng : None, int or numpy.random.Generator
        One random stream for all initial weights and dropout masks.
    dtype : floating dtype, default float64
        dtype of every parameter; inputs must match.

    Shape
    -----
    Input ``(N, sizes[0])``, output ``(N, sizes[-1])``.

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> net = nl.MLP([2, 8, 1], activation='tanh', rng=0)
    >>> [type(layer).__name__ for layer in net]
    ['Linear', 'Tanh', 'Linear']
    >>> net.init, net(np.zeros((5, 2))).shape
    ('xavier', (5, 1))
    >>> deep = nl.MLP([4, 16, 16, 3], norm='batch', dropout=0.1, rng=0)
    >>> [type(layer).__name__ for layer in deep][:4], deep.init
    (['Linear', 'BatchNorm1d', 'ReLU', 'Dropout'], 'he')
    """

    def __init__(
        self,
        sizes,
        activation: str = "relu",
        output_activation: str | None = None,
        init: str = "auto",
        norm: str | None = None,
        dropout: float = 0.0,
        *,
        rng=None,
        dtype=np.float64,
    ):
        sizes = self._check_sizes(sizes)
        check_choice(activation, "activation", "MLP", tuple(ACTIVATIONS))
        check_choice(output_activation, "output_activation", "MLP", (None, *OUTPUT_ACTIVATIONS))
        check_choice(init, "init", "MLP", INIT_CHOICES)
        check_choice(norm, "norm", "MLP", (None, *NORMS))
        check_in_range(dropout, "dropout", "MLP", 0.0, 1.0)
        dtype = check_float_dtype(dtype, "MLP")
        gen = as_generator(rng)
        scheme = resolve_init(init, activation)

        layers = []
        n_layers = len(sizes) - 1
        for index in range(n_layers):
            linear = Linear(sizes[index], sizes[index + 1], rng=gen, dtype=dtype)
            _initialise(linear, scheme, activation, gen)
            layers.append(linear)
            if index < n_layers - 1:  # a hidden layer
                if norm is not None:
                    layers.append(NORMS[norm](sizes[index + 1], dtype=dtype))
                layers.append(ACTIVATIONS[activation]())
                if dropout > 0:
                    layers.append(Dropout(dropout, rng=gen, dtype=dtype))
            elif output_activation is not None:
                layers.append(OUTPUT_ACTIVATIONS[output_activation]())
        super().__init__(*layers)
        self.sizes = tuple(sizes)
        self.activation = activation
        self.output_activation = output_activation
        self.init = scheme
        self.norm = norm
        self.dropout = float(dropout)
        pack_parameters(self.parameters())  # one buffer for all: optimisers update it in one call

    def astype(self, dtype) -> MLP:
        """Convert every parameter and buffer to ``dtype`` (in one buffer again); return ``self``."""
        super().astype(dtype)
        pack_parameters(self.parameters())
        return self

    @staticmethod
    def _check_sizes(sizes) -> list[int]:
        try:
            sizes = list(sizes)
        except TypeError:
            raise TypeError(
                f"MLP: sizes must be a list of layer widths such as [2, 8, 1], got {sizes!r}"
            ) from None
        if len(sizes) < 2:
            raise ValueError(f"MLP: sizes needs at least an input and an output size, got {sizes}")
        for size in sizes:
            if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 1:
                raise ValueError(f"MLP: every size must be an integer >= 1, got {sizes}")
        return [int(s) for s in sizes]

    def extra_repr(self) -> str:
        """Return the sizes, activation and initialisation, for ``repr``."""
        return f"sizes={list(self.sizes)}, activation={self.activation!r}, init={self.init!r}"
