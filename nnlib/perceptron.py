r"""Rosenblatt's perceptron (1958): a single threshold unit and its learning rule.

The unit computes :math:`z = w^\top x + b` and outputs
:math:`\hat y = \mathrm{step}(z)`, with :math:`\mathrm{step}(z) = 1` for
:math:`z > 0` and 0 otherwise (so :math:`\mathrm{step}(0) = 0`). The learning
rule visits the examples one at a time and changes the weights only on a
mistake:

.. math::
    w \leftarrow w + \eta\,(y - \hat y)\,x, \qquad
    b \leftarrow b + \eta\,(y - \hat y).

If the two classes are linearly separable the rule stops making mistakes after
finitely many updates (the perceptron convergence theorem); on XOR, which no
line separates, it never does.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_positive, check_positive_int, checked_by

__all__ = ["Perceptron"]


class Perceptron:
    r"""A single-unit perceptron trained with the Rosenblatt rule.

    Parameters
    ----------
    n_features : int
        :math:`d`, the size of each input.
    lr : float, default 1.0
        :math:`\eta > 0`. With zero initial weights the learned decision
        boundary does not depend on :math:`\eta` (all weights scale with it);
        only its size does.

    Attributes
    ----------
    weight : ndarray of float64, shape ``(n_features,)``
        :math:`w`, starts at zeros.
    bias : float
        :math:`b`, starts at 0.
    errors_ : list of int
        Number of mistakes (updates) in each epoch trained so far.

    Shape
    -----
    ``X`` is ``(N, n_features)`` floating point; ``y`` is ``(N,)`` with values in
    {0, 1} (integer, boolean or float 0.0/1.0).

    Examples
    --------
    >>> import numpy as np, nnlib as nl
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> p = nl.Perceptron(2).fit(X, np.array([0, 0, 0, 1]))   # AND
    >>> p.predict(X).tolist(), p.errors_[-1]
    ([0, 0, 0, 1], 0)
    """

    def __init__(self, n_features: int, lr: float = 1.0):
        self.n_features = check_positive_int(n_features, "n_features", "Perceptron")
        self.lr = float(check_positive(lr, "lr", "Perceptron"))
        self.weight = np.zeros(self.n_features)
        self.bias = 0.0
        self.errors_: list[int] = []

    # ------------------------------------------------------------------ checks
    def _check_X(self, who: str, X) -> None:
        if not isinstance(X, np.ndarray) or not np.issubdtype(X.dtype, np.floating):
            got = X.dtype if isinstance(X, np.ndarray) else type(X).__name__
            raise TypeError(
                f"{who}: X must be a floating-point ndarray, got {got}; "
                "convert it first, e.g. np.asarray(X, dtype=np.float64)"
            )
        if X.ndim != 2 or X.shape[1] != self.n_features:
            raise ValueError(f"{who}: expected X of shape (N, {self.n_features}), got shape {X.shape}")

    def _check_X_y(self, who: str, X, y, epochs: int = 1) -> None:
        self._check_X(who, X)
        if not isinstance(y, np.ndarray) or not (np.issubdtype(y.dtype, np.number) or y.dtype == np.bool_):
            raise TypeError(f"{who}: y must be a numeric ndarray of 0/1 labels")
        if y.shape != (len(X),):
            raise ValueError(f"{who}: expected y of shape ({len(X)},), got {y.shape}")
        if not np.all((y == 0) | (y == 1)):
            bad = np.unique(y[(y != 0) & (y != 1)])[:5]
            raise ValueError(
                f"{who}: labels must be 0 or 1, got {bad.tolist()}; map -1/+1 labels with (y > 0).astype(int)"
            )
        check_positive_int(epochs, "epochs", who)

    def _check_example(self, who: str, x, target) -> None:
        if target not in (0, 1):
            raise ValueError(f"{who}: target must be 0 or 1, got {target!r}")
        if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
            got = x.dtype if isinstance(x, np.ndarray) else type(x).__name__
            raise TypeError(
                f"{who}: x must be a floating-point ndarray, got {got}; "
                "convert it first, e.g. np.asarray(x, dtype=np.float64)"
            )
        if x.shape != (self.n_features,):
            raise ValueError(f"{who}: x must have shape ({self.n_features},), got {x.shape}")
        if not np.isfinite(x).all():
            raise ValueError(f"{who}: x must be finite, got {x.tolist()}")

    # ------------------------------------------------------------------ prediction
    @checked_by(_check_X)
    def decision_function(self, X) -> np.ndarray:
        """Return :math:`z = X w + b`, shape ``(N,)``."""
        return X @ self.weight + self.bias

    @checked_by(_check_X)
    def predict(self, X) -> np.ndarray:
        r"""Return :math:`\hat y = \mathrm{step}(X w + b)` as int64 0/1 labels, shape ``(N,)``."""
        return (X @ self.weight + self.bias > 0).astype(np.int64)

    # ------------------------------------------------------------------ learning
    @checked_by(_check_example)
    def update(self, x, target) -> bool:
        """Apply the rule to one example ``x``, shape ``(n_features,)``, label 0 or 1; True on a mistake."""
        prediction = 1 if x @ self.weight + self.bias > 0 else 0
        error = int(target) - prediction  # +1, 0 or -1: no change when the prediction is right
        self.weight += self.lr * error * x
        self.bias += self.lr * error
        return error != 0

    @checked_by(_check_X_y)
    def partial_fit(self, X, y) -> Perceptron:
        """One epoch: visit the examples once, in the given order; append the mistake count."""
        mistakes = sum(self.update(x, int(t)) for x, t in zip(X, y, strict=True))
        self.errors_.append(mistakes)
        return self

    @checked_by(_check_X_y)
    def fit(self, X, y, epochs: int = 100) -> Perceptron:
        """Run up to ``epochs`` epochs; stop after the first epoch without a mistake.

        Training continues from the current weights (call it on a fresh
        Perceptron to start from zero). Returns ``self``.
        """
        for _ in range(epochs):
            self.partial_fit(X, y)
            if self.errors_[-1] == 0:
                break
        return self

    def __repr__(self) -> str:
        return f"Perceptron(n_features={self.n_features}, lr={self.lr})"
