"""Data for the book's experiments: synthetic data sets, preprocessing, mini-batches.

>>> import nnlib as nl
>>> X, y = nl.data.make_moons(200, noise=0.2, rng=0)
>>> X_train, X_test, y_train, y_test = nl.data.train_test_split(X, y, rng=0)
>>> X.shape, y.dtype.name, len(X_test)
((200, 2), 'int64', 50)
"""

from .batching import minibatches
from .datasets import make_blobs, make_circles, make_moons, make_regression_1d, make_spirals, make_xor
from .preprocessing import StandardScaler, one_hot, train_test_split

__all__ = [
    "make_xor",
    "make_moons",
    "make_circles",
    "make_spirals",
    "make_blobs",
    "make_regression_1d",
    "train_test_split",
    "StandardScaler",
    "one_hot",
    "minibatches",
]
