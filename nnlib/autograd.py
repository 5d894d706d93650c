r"""A tiny reverse-mode automatic differentiation engine on scalars: :class:`Value`.

Each Value is a node of a computational graph: a number computed by an operation (``op``)
from its parents (``_children``). ``loss.backward()`` applies the chain rule from the loss
back to the leaves (inputs and weights), one local derivative at a time.
"""

import math
from numbers import Real

__all__ = ["Value"]


class Value:
    r"""A scalar :math:`v` in a computational graph; ``grad`` holds :math:`\partial \mathcal{L}/\partial v`.

    Parameters
    ----------
    data : real number
        The value :math:`v`, stored as a float.
    children : tuple of Value, default ()
        The Values it was computed from, its parents in the graph (none for a leaf: an input or a weight).
    op : str, default ""
        The operation that computed it: ``"+"``, ``"*"``, ``"tanh"``, ``"exp"``, ``"log"``.

    Shape
    -----
    Scalars: ``data`` and ``grad`` are floats (arrays are not accepted).

    Examples
    --------
    >>> from nnlib.autograd import Value
    >>> w, x, b = Value(0.5), Value(2.0), Value(-1.0)
    >>> y = (w * x + b).tanh()  # a neuron: y = tanh(wx + b) = tanh(0) = 0
    >>> y.backward()  # dy/dw = (1 - y^2) x, dy/dx = (1 - y^2) w, dy/db = 1 - y^2
    >>> y.data, w.grad, x.grad, b.grad
    (0.0, 2.0, 0.5, 1.0)
    """

    def __init__(self, data, children=(), op=""):
        if not isinstance(data, Real):
            raise TypeError(f"Value: data must be a real number, got {type(data).__name__} {data!r}")
        self.data = float(data)
        self.grad = 0.0
        self._children = tuple(children)
        self._backward = lambda: None  # a leaf passes nothing on
        self.op = op

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _lift(other, op):  # a real number becomes a leaf; anything else is a TypeError
        if isinstance(other, Value | Real):
            return other if isinstance(other, Value) else Value(other)
        raise TypeError(f"Value {op} {type(other).__name__}: operands must be Values or real numbers")

    def __add__(self, other):
        other = Value._lift(other, "+")
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():  # d(u1 + u2)/du1 = d(u1 + u2)/du2 = 1
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = Value._lift(other, "*")
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():  # d(u1 u2)/du1 = u2, d(u1 u2)/du2 = u1
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    __radd__ = __add__  # 2 + a = a + 2
    __rmul__ = __mul__  # 2 * a = a * 2

    def __neg__(self):  # -a = a * (-1)
        return self * -1.0

    def __sub__(self, other):  # a - b = a + (-b)
        return self + (-Value._lift(other, "-"))

    def __rsub__(self, other):  # 2 - a = 2 + (-a)
        return Value._lift(other, "-") + (-self)

    def tanh(self):
        r"""Return :math:`t = \tanh(v)`; local derivative :math:`1 - t^2`."""
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad += (1.0 - out.data**2) * out.grad

        out._backward = _backward
        return out

    def exp(self):
        r"""Return :math:`e^{v}`; local derivative :math:`e^{v}`, the output itself."""
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def log(self):
        r"""Return :math:`\ln v` for :math:`v > 0`; local derivative :math:`1/v`."""
        if not self.data > 0:
            raise ValueError(f"Value.log: the logarithm needs a positive number, got {self.data!r}")
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def backward(self):
        r"""Set this grad to 1, then run every node's ``_backward`` in reverse topological order.

        A node :math:`u` used by :math:`v_1, \dots, v_k` then holds the sum over paths
        :math:`\sum_j \frac{\partial \mathcal{L}}{\partial v_j} \frac{\partial v_j}{\partial u}`.
        Leaf grads (starting at 0.0) are not reset: they accumulate over calls, as in
        PyTorch; set ``.grad = 0.0`` to restart.
        """
        order, visited, stack = [], set(), [(self, False)]
        while stack:  # depth-first: a node is listed after all its parents (its _children)
            node, parents_listed = stack.pop()
            if parents_listed:
                order.append(node)
            elif node not in visited:
                visited.add(node)
                if node._children:  # an interior node holds this call's gradient only
                    node.grad = 0.0
                stack.append((node, True))
                stack.extend((parent, False) for parent in node._children)
        self.grad = 1.0
        for node in reversed(order):  # a node runs only after every node computed from it
            node._backward()
